import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { linkIn, startSmtpSink } from '@/test/smtp-sink';

const sink = await startSmtpSink();
process.env.SMTP_URL = sink.url;
process.env.EMAIL_VERIFICATION_REQUIRED = 'true';

await import('@/lib/auth-setup');
const { confirmEmail, createUser, login } = await import('@/lib/auth');
const { correctUnverifiedEmail } = await import('./pending-email');
const { claimCooldown, cooldownLeft } = await import('./cooldown');
const { getDb, users, verificationTokens } = await import('@/lib/db');

afterAll(() => sink.close());

async function signUp(email: string) {
  const created = await createUser({ email, password: 'velvet9heron-pending' });
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

async function row(id: number) {
  const [user] = await (await getDb()).select().from(users).where(eq(users.id, id));
  return user!;
}

describe('correctUnverifiedEmail', () => {
  it('moves a never-used, unconfirmed account to the new address and mails the link there; the old link stops working', async () => {
    const first = sink.mark();
    const user = await signUp('typo@exmaple.com');
    const oldLink = linkIn(await sink.waitForMail('typo@exmaple.com', { after: first, subject: 'Confirm your email' }), '/verify');

    const after = sink.mark();
    const result = await correctUnverifiedEmail(user.id, ' Right@Example.com ');
    expect(result).toEqual({ ok: true, value: { email: 'right@example.com' } });
    expect((await row(user.id)).email).toBe('right@example.com');
    const newLink = linkIn(await sink.waitForMail('right@example.com', { after, subject: 'Confirm your email' }), '/verify');

    const stale = await confirmEmail(String(user.id), oldLink.searchParams.get('token'));
    expect(stale.ok).toBe(false);
    expect((await confirmEmail(String(user.id), newLink.searchParams.get('token'))).ok).toBe(true);
    expect((await row(user.id)).emailVerified).toBe(true);
  });

  it('refuses a confirmed account and changes nothing', async () => {
    const user = await signUp('confirmed-already@example.com');
    await (await getDb()).update(users).set({ emailVerified: true }).where(eq(users.id, user.id));
    const result = await correctUnverifiedEmail(user.id, 'elsewhere@example.com');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ status: 403, code: 'EMAIL_NOT_CORRECTABLE' });
    expect((await row(user.id)).email).toBe('confirmed-already@example.com');
  });

  it('refuses an account that has logged in (a successful login is on record)', async () => {
    const user = await signUp('used@example.com');
    // Confirmation is required here, so the only way in was a login before that rule held.
    expect((await login({ email: 'used@example.com', password: 'velvet9heron-pending' })).ok).toBe(false);
    expect((await correctUnverifiedEmail(user.id, 'first-fix@example.com')).ok).toBe(true);
    const { recordEvent } = await import('./audit');
    await recordEvent({ type: 'login', outcome: 'success', userId: user.id });
    const result = await correctUnverifiedEmail(user.id, 'other@example.com');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('EMAIL_NOT_CORRECTABLE');
    expect((await row(user.id)).email).toBe('first-fix@example.com');
  });

  it('answers a malformed or taken address with a 422 on the email field, and changes nothing', async () => {
    const user = await signUp('keep-me@example.com');
    await signUp('taken@example.com');
    for (const [input, message] of [
      ['', "can't be blank"],
      ['not an address', 'is invalid'],
      ['"Bob" <bob@example.com>', 'is invalid'],
      [42, "can't be blank"],
      ['TAKEN@example.com', 'Email already exists'],
    ] as const) {
      const result = await correctUnverifiedEmail(user.id, input);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.status).toBe(422);
        expect(result.error.details?.messages.email).toEqual([message]);
      }
    }
    expect((await row(user.id)).email).toBe('keep-me@example.com');
    const tokens = await (await getDb()).select().from(verificationTokens).where(eq(verificationTokens.userId, user.id));
    expect(tokens.every((t) => t.email === 'keep-me@example.com')).toBe(true);
  });

  it('refuses an unknown account', async () => {
    const result = await correctUnverifiedEmail(987654, 'nobody@example.com');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.status).toBe(403);
  });
});

describe('claimCooldown', () => {
  it('lets one of many simultaneous claims through and reports the seconds left to the others', async () => {
    const verdicts = await Promise.all(Array.from({ length: 8 }, () => claimCooldown('verify-cooldown:test-race', 60)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(1);
    for (const v of verdicts.filter((v) => !v.allowed)) expect(v).toMatchObject({ allowed: false, retryAfter: expect.any(Number) });
    const left = await cooldownLeft('verify-cooldown:test-race', 60);
    expect(left).toBeGreaterThan(55);
    expect(left).toBeLessThanOrEqual(60);
  });

  it('allows again once the pause is over, and 0 turns it off', async () => {
    expect((await claimCooldown('verify-cooldown:test-short', 1)).allowed).toBe(true);
    expect((await claimCooldown('verify-cooldown:test-short', 1)).allowed).toBe(false);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await claimCooldown('verify-cooldown:test-short', 1)).allowed).toBe(true);
    expect((await claimCooldown('verify-cooldown:test-off', 0)).allowed).toBe(true);
    expect((await claimCooldown('verify-cooldown:test-off', 0)).allowed).toBe(true);
    expect(await cooldownLeft('verify-cooldown:never', 60)).toBe(0);
  });
});
