/**
 * Accounts at sign-in providers (OpenID Connect, GitHub) and the rules that tie them to users
 * (docs/decisions/022-third-party-sign-in.md). Who a person is at a provider is (provider,
 * subject); an email address opens an existing account only when the provider says it verified
 * the address and the account's own address is verified too, so an unverified claim can never
 * take over someone else's account (or one registered in advance by an attacker).
 */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { getDb, identities, users, type IdentityRow, type User } from '@/lib/db';
import { env } from '@/lib/env';
import { issueAccessTokenIfCurrent, type IssuedToken } from './access-tokens';
import { recordEvent } from './audit';
import type { RequestContext } from './context';
import { isPlainEmail } from './email-address';
import { fail, failure, ok, type AuthFailure, type Result } from './result';
import { normalizeEmail } from './user-records';

export type AuthScheme = 'openid connect' | 'oauth2';

/** What a provider told us about the person, after the protocol checks (lib/oidc). */
export interface ProviderProfile {
  provider: string;
  authScheme: AuthScheme;
  /** The provider's stable id for the account (`sub`). */
  subject: string;
  email: string | null;
  /** Only true when the provider itself says it verified `email`. */
  emailVerified: boolean;
  displayName?: string | null;
  username?: string | null;
}

/** LoopBack's `UserIdentity`, without `credentials` (no provider token is kept). */
export interface IdentityJSON {
  id: number;
  provider: string;
  authScheme: AuthScheme;
  externalId: string;
  profile: {
    provider: string;
    id: string;
    displayName?: string;
    username?: string;
    emails: { value: string; verified: boolean }[];
  };
  created: string;
  modified: string;
  lastUsed: string | null;
  userId: number;
}

const NO_VERIFIED_EMAIL = failure(403, 'The provider gave no verified email address', 'NO_VERIFIED_EMAIL');
const ACCOUNT_EXISTS = failure(403, 'An account with this email address already exists', 'ACCOUNT_EXISTS');
const IDENTITY_TAKEN = failure(403, 'That account at the provider is linked to another user', 'IDENTITY_TAKEN');
const LAST_SIGN_IN_METHOD = failure(400, 'This is the last way to sign in to the account: set a password first', 'LAST_SIGN_IN_METHOD');
const SIGNUP_NOT_AVAILABLE = failure(403, 'Accounts cannot be made through a provider here', 'SIGNUP_NOT_AVAILABLE');
const IDENTITY_NOT_FOUND = failure(404, 'Unknown "UserIdentity" id', 'MODEL_NOT_FOUND');
const LOGIN_FAILED_EMAIL_NOT_VERIFIED = failure(401, 'login failed as the email has not been verified', 'LOGIN_FAILED_EMAIL_NOT_VERIFIED');
const LOGIN_FAILED = failure(401, 'login failed', 'LOGIN_FAILED');

export function toIdentityJSON(row: IdentityRow): IdentityJSON {
  return {
    id: row.id,
    provider: row.provider,
    authScheme: row.authScheme as AuthScheme,
    externalId: row.subject,
    profile: {
      provider: row.provider,
      id: row.subject,
      ...(row.displayName !== null && { displayName: row.displayName }),
      ...(row.username !== null && { username: row.username }),
      emails: row.email === null ? [] : [{ value: row.email, verified: row.emailVerified }],
    },
    created: row.createdAt.toISOString(),
    modified: row.updatedAt.toISOString(),
    lastUsed: row.lastUsedAt?.toISOString() ?? null,
    userId: row.userId,
  };
}

/** The user's linked identities, oldest first. */
export async function listIdentities(userId: number): Promise<IdentityRow[]> {
  const db = await getDb();
  return db.select().from(identities).where(eq(identities.userId, userId)).orderBy(asc(identities.createdAt), asc(identities.id));
}

/** Whether the account can sign in with a password (one made through a provider may have none yet). */
export function hasPassword(user: Pick<User, 'passwordHash'>): boolean {
  return user.passwordHash !== null;
}

/** A provider's text, trimmed to what the table keeps; never trusted beyond display. */
function clip(value: string | null | undefined, max: number): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed.slice(0, max);
}

/** The provider's address when it is one Latchkey could store for an account; else null. */
function usableEmail(profile: ProviderProfile): string | null {
  if (profile.email === null) return null;
  const email = normalizeEmail(profile.email);
  return isPlainEmail(email) ? email : null;
}

function profileColumns(profile: ProviderProfile) {
  return {
    email: usableEmail(profile),
    emailVerified: profile.emailVerified && usableEmail(profile) !== null,
    displayName: clip(profile.displayName, 200),
    username: clip(profile.username, 100),
  };
}

async function findIdentity(provider: string, subject: string): Promise<IdentityRow | undefined> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(identities)
    .where(and(eq(identities.provider, provider), eq(identities.subject, subject)))
    .limit(1);
  return row;
}

/** Inserts the identity for `userId`; null when (provider, subject) was taken meanwhile. */
async function insertIdentity(userId: number, profile: ProviderProfile): Promise<IdentityRow | null> {
  const db = await getDb();
  const [row] = await db
    .insert(identities)
    .values({
      userId,
      provider: profile.provider,
      authScheme: profile.authScheme,
      subject: profile.subject,
      ...profileColumns(profile),
      lastUsedAt: sql`now()`,
    })
    .onConflictDoNothing({ target: [identities.provider, identities.subject] })
    .returning();
  return row ?? null;
}

/** Keeps what the provider says now (its address may have changed) and when it was last used. */
async function touchIdentity(row: IdentityRow, profile: ProviderProfile): Promise<void> {
  const db = await getDb();
  await db
    .update(identities)
    .set({ ...profileColumns(profile), updatedAt: sql`now()`, lastUsedAt: sql`now()` })
    .where(eq(identities.id, row.id));
}

export type ProviderSignIn = {
  /** `existing`: a linked identity; `linked`: linked now by a verified address; `created`: a new account. */
  how: 'existing' | 'linked' | 'created';
  user: User;
  token: IssuedToken;
};

export interface ProviderSignInOptions extends RequestContext {
  /** A browser session: it ends after SESSION_IDLE_TIMEOUT unused. */
  browser?: boolean;
}

async function userById(id: number): Promise<User | undefined> {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user;
}

/**
 * Accounts with this address. Under realms several may share it, and which one a provider means
 * cannot be told, so the caller treats more than one as none it may open.
 */
async function usersWithEmail(email: string): Promise<User[]> {
  const db = await getDb();
  return db.select().from(users).where(eq(users.email, email)).orderBy(asc(users.id)).limit(2);
}

/** Thrown inside a transaction to undo it: a parallel sign-in of the same identity got there first. */
class LostRace extends Error {}

/** Creates a verified, password-less account for the identity; null when the address or the identity was taken meanwhile. */
async function createAccountFor(email: string, profile: ProviderProfile): Promise<User | null> {
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx.insert(users).values({ email, emailVerified: true, passwordHash: null }).onConflictDoNothing().returning();
      if (!user) return null;
      const [identity] = await tx
        .insert(identities)
        .values({
          userId: user.id,
          provider: profile.provider,
          authScheme: profile.authScheme,
          subject: profile.subject,
          ...profileColumns(profile),
          lastUsedAt: sql`now()`,
        })
        .onConflictDoNothing({ target: [identities.provider, identities.subject] })
        .returning();
      if (!identity) throw new LostRace();
      return user;
    });
  } catch (error) {
    if (error instanceof LostRace) return null;
    throw error;
  }
}

async function startSession(user: User, options: ProviderSignInOptions): Promise<IssuedToken | null> {
  const issued = await issueAccessTokenIfCurrent({
    userId: user.id,
    ttl: env.TOKEN_TTL,
    userAgent: options.userAgent,
    sourceAddress: options.sourceAddress,
    browser: options.browser,
    credentialVersion: user.credentialVersion,
  });
  return issued?.token ?? null;
}

/**
 * Sign-in with a provider's identity, by the linking rules:
 * - a linked identity signs in to its account;
 * - otherwise the provider must have verified an address: with no account at that address a new
 *   one is made (verified, no password); an account at that address is linked and opened only when
 *   its own address is verified too; otherwise `ACCOUNT_EXISTS` (log in with the password, then
 *   link from the account page);
 * - no verified address: `NO_VERIFIED_EMAIL` (an address the provider has not verified is never
 *   matched against accounts, so it cannot open one).
 */
export async function signInWithIdentity(profile: ProviderProfile, options: ProviderSignInOptions = {}): Promise<Result<ProviderSignIn>> {
  return signIn(profile, options, 0);
}

async function signIn(profile: ProviderProfile, options: ProviderSignInOptions, attempt: number): Promise<Result<ProviderSignIn>> {
  // A parallel sign-in took the identity or the address first: go again by the same rules, once.
  const again = () => (attempt === 0 ? signIn(profile, options, 1) : Promise.resolve(fail<ProviderSignIn>(LOGIN_FAILED)));
  const audit = (outcome: 'success' | 'failure', reason: string, userId?: number) =>
    recordEvent({ type: 'provider_login', outcome, reason, userId, identifier: usableEmail(profile) }, options);
  const done = async (how: ProviderSignIn['how'], user: User): Promise<Result<ProviderSignIn>> => {
    if (env.EMAIL_VERIFICATION_REQUIRED && !user.emailVerified) {
      await audit('failure', 'email_not_verified', user.id);
      return fail({ ...LOGIN_FAILED_EMAIL_NOT_VERIFIED, userId: user.id });
    }
    const token = await startSession(user, options);
    if (!token) {
      await audit('failure', 'credential_changed', user.id);
      return fail(LOGIN_FAILED);
    }
    await recordEvent({ type: 'login', outcome: 'success', reason: profile.provider, userId: user.id, identifier: user.email }, options);
    return ok({ how, user, token });
  };

  const known = await findIdentity(profile.provider, profile.subject);
  if (known) {
    const user = await userById(known.userId);
    if (!user) return fail(LOGIN_FAILED);
    await touchIdentity(known, profile);
    return done('existing', user);
  }

  const email = usableEmail(profile);
  const matches = email === null ? [] : await usersWithEmail(email);
  if (email === null || !profile.emailVerified) {
    // Said only to someone whose provider claims the address: sign-up says as much to anyone.
    const failureFor: AuthFailure = matches.length > 0 ? ACCOUNT_EXISTS : NO_VERIFIED_EMAIL;
    // The owner of a matching account sees the attempt among their own events.
    await audit('failure', matches.length > 0 ? 'account_exists' : 'no_verified_email', matches.length === 1 ? matches[0]!.id : undefined);
    return fail(failureFor);
  }
  if (matches.length > 1 || env.REALM_REQUIRED) {
    // Under realms the provider cannot say which realm's account it means, nor which realm a new one belongs to.
    await audit('failure', matches.length > 0 ? 'account_exists' : 'signup_not_available');
    return fail(matches.length > 0 ? ACCOUNT_EXISTS : SIGNUP_NOT_AVAILABLE);
  }
  const [existing] = matches;
  if (existing) {
    if (!existing.emailVerified) {
      await audit('failure', 'account_exists', existing.id);
      return fail(ACCOUNT_EXISTS);
    }
    const linked = await insertIdentity(existing.id, profile);
    if (!linked) return again();
    await recordEvent(
      { type: 'identity_linked', outcome: 'success', reason: profile.provider, userId: existing.id, identifier: existing.email },
      options,
    );
    return done('linked', existing);
  }
  const created = await createAccountFor(email, profile);
  if (!created) return again();
  await recordEvent({ type: 'signup', outcome: 'success', reason: profile.provider, userId: created.id, identifier: email }, options);
  await recordEvent({ type: 'identity_linked', outcome: 'success', reason: profile.provider, userId: created.id, identifier: email }, options);
  return done('created', created);
}

/**
 * Attaches a provider's identity to a signed-in user (`GET /link/<provider>`), whatever its
 * address: the person proved both accounts are theirs. Refused when it belongs to another user.
 */
export async function linkIdentity(
  userId: number,
  profile: ProviderProfile,
  context: RequestContext = {},
): Promise<Result<{ identity: IdentityRow; already: boolean }>> {
  const known = await findIdentity(profile.provider, profile.subject);
  if (known && known.userId !== userId) {
    await recordEvent({ type: 'identity_linked', outcome: 'failure', reason: 'identity_taken', userId }, context);
    return fail(IDENTITY_TAKEN);
  }
  if (known) {
    await touchIdentity(known, profile);
    return ok({ identity: known, already: true });
  }
  const inserted = await insertIdentity(userId, profile);
  if (!inserted) return linkIdentity(userId, profile, context);
  await recordEvent({ type: 'identity_linked', outcome: 'success', reason: profile.provider, userId }, context);
  return ok({ identity: inserted, already: false });
}

/**
 * Removes one of the user's identities. Refused when it is the last way to sign in (no password
 * and no other identity); the user's row is locked meanwhile, so two unlinks in parallel cannot
 * both pass that check.
 */
export async function unlinkIdentity(userId: number, identityId: unknown, context: RequestContext = {}): Promise<Result<IdentityRow>> {
  const id = typeof identityId === 'number' ? identityId : typeof identityId === 'string' && /^\d{1,10}$/.test(identityId) ? Number(identityId) : NaN;
  if (!Number.isSafeInteger(id) || id < 1 || id > 2 ** 31 - 1) return fail(IDENTITY_NOT_FOUND);
  const db = await getDb();
  const outcome = await db.transaction(async (tx): Promise<Result<IdentityRow>> => {
    const [user] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).for('update');
    if (!user) return fail(IDENTITY_NOT_FOUND);
    const [row] = await tx
      .select()
      .from(identities)
      .where(and(eq(identities.id, id), eq(identities.userId, userId)));
    if (!row) return fail(IDENTITY_NOT_FOUND);
    const [others] = await tx.select({ n: count() }).from(identities).where(eq(identities.userId, userId));
    if (!hasPassword(user) && Number(others?.n ?? 0) <= 1) return fail(LAST_SIGN_IN_METHOD);
    await tx.delete(identities).where(eq(identities.id, id));
    return ok(row);
  });
  await recordEvent(
    outcome.ok
      ? { type: 'identity_unlinked', outcome: 'success', reason: outcome.value.provider, userId }
      : {
          type: 'identity_unlinked',
          outcome: 'failure',
          reason: outcome.error.code === 'LAST_SIGN_IN_METHOD' ? 'last_sign_in_method' : 'not_found',
          userId,
        },
    context,
  );
  return outcome;
}

/** A failed provider sign-in or link that never reached the rules above (cancelled, forged state, provider down). */
export async function recordProviderFailure(reason: string, context: RequestContext & { userId?: number | null } = {}): Promise<void> {
  await recordEvent({ type: 'provider_login', outcome: 'failure', reason, userId: context.userId ?? null }, context);
}
