import { describe, expect, it } from 'vitest';
import { generateHOTP } from '@oslojs/otp';
import { decryptSecret, encryptSecret, matchingStep, secondFactorRequired, timeStep } from './two-factor';
import { env } from '@/lib/env';
import { signUp } from '@/test/accounts';

const secret = new Uint8Array(Array.from({ length: 20 }, (_, i) => i + 1));

describe('the secret at rest', () => {
  it('opens for its own account only, and not once tampered with', () => {
    const sealed = encryptSecret(7, secret);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(decryptSecret(7, sealed)).toEqual(secret);
    // Two seals of one secret differ (a fresh IV each time).
    expect(encryptSecret(7, secret)).not.toBe(sealed);
    // Copied onto another account's row: the user id is authenticated data.
    expect(decryptSecret(8, sealed)).toBeNull();
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = `${body!.startsWith('A') ? 'B' : 'A'}${body!.slice(1)}`;
    expect(decryptSecret(7, [v, iv, tag, flipped].join('.'))).toBeNull();
    expect(decryptSecret(7, 'v2.a.b.c')).toBeNull();
    expect(decryptSecret(7, 'garbage')).toBeNull();
  });
});

describe('matching a code to a time step', () => {
  const at = Date.UTC(2026, 11, 3, 9, 0, 15);
  const code = (step: number) => generateHOTP(secret, BigInt(step), 6);

  it('takes the steps either side of now and no further', () => {
    const now = timeStep(at);
    expect(matchingStep(secret, code(now), at)).toBe(now);
    expect(matchingStep(secret, code(now - 1), at)).toBe(now - 1);
    expect(matchingStep(secret, code(now + 1), at)).toBe(now + 1);
    for (const far of [now - 2, now + 2, now - 100]) {
      if (![now - 1, now, now + 1].some((s) => code(s) === code(far))) expect(matchingStep(secret, code(far), at)).toBeNull();
    }
  });

  it('steps are 30 seconds of Unix time (RFC 6238 test vector)', () => {
    // RFC 6238 Appendix B, SHA-1, T = 59 s: 94287082 (8 digits); the 6-digit code is its tail.
    const rfcSecret = new TextEncoder().encode('12345678901234567890');
    expect(timeStep(59_000)).toBe(1);
    expect(matchingStep(rfcSecret, '287082', 59_000)).toBe(1);
  });
});

describe('which ways in ask for the code', () => {
  it('a password always, a third-party login only with TWO_FACTOR_THIRD_PARTY_LOGIN', async () => {
    const user = await signUp('which-way@example.com');
    expect(await secondFactorRequired(user.id, 'password')).toBe(false);
    const { getDb, twoFactorCredentials } = await import('@/lib/db');
    await (
      await getDb()
    )
      .insert(twoFactorCredentials)
      .values({ userId: user.id, secretCiphertext: encryptSecret(user.id, secret), enabledAt: new Date() });
    expect(await secondFactorRequired(user.id, 'password')).toBe(true);
    expect(env.TWO_FACTOR_THIRD_PARTY_LOGIN).toBe(false);
    expect(await secondFactorRequired(user.id, 'third-party')).toBe(false);
    const original = env.TWO_FACTOR_THIRD_PARTY_LOGIN;
    try {
      (env as { TWO_FACTOR_THIRD_PARTY_LOGIN: boolean }).TWO_FACTOR_THIRD_PARTY_LOGIN = true;
      expect(await secondFactorRequired(user.id, 'third-party')).toBe(true);
    } finally {
      (env as { TWO_FACTOR_THIRD_PARTY_LOGIN: boolean }).TWO_FACTOR_THIRD_PARTY_LOGIN = original;
    }
  });
});
