import { and, eq } from 'drizzle-orm';
import { getDb, users, type User } from '@/lib/db';
import { env } from '@/lib/env';
import { recordEvent } from './audit';
import { deferTask, type RequestContext } from './context';
import { isPlainEmail } from './email-address';
import { checkCurrentPassword } from './current-password';
import { startEmailChange } from './email-change';
import { sendVerification } from './email-verification';
import { checkPasswordPolicyAndBreaches } from './password-policy';
import { checkNewPassword, hashPassword } from './passwords';
import { INVALID_REALM, REALM_REQUIRED, uniqueScopeFor } from './realms';
import { fail, ok, ValidationErrors, type Result } from './result';
import { signUpBody, userUpdateBody } from './schemas';
import { consume, consumeRequest, throttleKeys, tooManyRequests } from './throttle';
import { normalizeEmail } from './user-records';

const MAX_USERNAME_LENGTH = 128;

const isValidEmail = isPlainEmail;

function isValidUsername(username: string): boolean {
  return username.length > 0 && username.length <= MAX_USERNAME_LENGTH && username.trim() === username;
}

/** Properties a client may send on sign-up: those the described shape names. */
const CREATE_FIELDS = new Set(Object.keys(signUpBody.shape));
/** Server-owned properties of LoopBack's model: accepted on sign-up but ignored. */
const SERVER_OWNED = new Set(['emailVerified', 'verificationToken']);
/** What PATCH/PUT may change (the described shape also names `currentPassword`, checked on its own). */
const UPDATE_FIELDS = new Set(Object.keys(userUpdateBody.shape).filter((key) => key !== 'currentPassword'));
const NEVER_SET = new Set(['id', 'emailVerified', 'verificationToken', 'realm']);

function checkEmail(errors: ValidationErrors, email: unknown, required: boolean): string | undefined {
  if (email === undefined || email === null || email === '') {
    if (required) errors.add('email', 'presence', "can't be blank", email);
    return undefined;
  }
  if (typeof email !== 'string' || !isValidEmail(normalizeEmail(email))) {
    errors.add('email', 'custom.email', 'is invalid', email);
    return undefined;
  }
  return normalizeEmail(email);
}

function checkUsername(errors: ValidationErrors, username: unknown): string | null | undefined {
  if (username === undefined) return undefined;
  if (username === null) return null;
  if (typeof username !== 'string' || !isValidUsername(username)) {
    errors.add('username', 'custom.username', `is invalid (1 to ${MAX_USERNAME_LENGTH} characters, no surrounding spaces)`, username);
    return undefined;
  }
  return username;
}

function checkUnknown(errors: ValidationErrors, body: Record<string, unknown>, allowed: Set<string>): void {
  for (const key of Object.keys(body)) {
    if (!allowed.has(key)) errors.add(key, 'unknown-property', 'is not defined in the model', body[key]);
  }
}

/** LoopBack's words for a taken email or username. */
const TAKEN = { email: 'Email already exists', username: 'User already exists' } as const;

async function checkTaken(errors: ValidationErrors, scope: string, email?: string, username?: string | null, selfId?: number) {
  const db = await getDb();
  const wanted = { email, username: username || undefined };
  for (const field of ['email', 'username'] as const) {
    const value = wanted[field];
    if (value === undefined) continue;
    const [row] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.uniqueScope, scope), eq(users[field], value)))
      .limit(1);
    if (row && row.id !== selfId) errors.add(field, 'uniqueness', TAKEN[field], value);
  }
}

/** Maps a unique-constraint violation (two concurrent writers) to LoopBack's 422. */
function uniqueViolation(error: unknown, email?: string, username?: string | null): Result<never> | null {
  const e = error as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };
  const inner = (e.code === '23505' ? e : (e.cause as typeof e | undefined)) ?? e;
  if (inner.code !== '23505') return null;
  const constraint = inner.constraint_name ?? inner.constraint ?? '';
  const errors = new ValidationErrors();
  if (constraint.includes('username')) errors.add('username', 'uniqueness', TAKEN.username, username);
  else errors.add('email', 'uniqueness', TAKEN.email, email);
  return fail(errors.toFailure());
}

/**
 * Sign-up. `body` is whatever the client sent; every rule of the REST contract is applied here.
 * Sign-ups are throttled per source address; with EMAIL_VERIFICATION_REQUIRED the verification
 * email goes out once the response has.
 */
export async function createUser(body: Record<string, unknown>, context: RequestContext = {}): Promise<Result<User>> {
  const verdict = await consume(throttleKeys.signupSource(context.sourceAddress ?? 'unknown'), env.SIGNUP_SOURCE_LIMIT, env.SIGNUP_WINDOW);
  if (!verdict.allowed) {
    await recordEvent({ type: 'throttled', outcome: 'failure', reason: 'signup' }, context);
    return fail(tooManyRequests(verdict.retryAfter));
  }
  // LoopBack checks the password before the model's validations, so its errors come first.
  if (body.password !== undefined) {
    const problem = checkNewPassword(body.password);
    if (problem) return fail(problem);
  }
  if (body.realm !== undefined && body.realm !== null && typeof body.realm !== 'string') return fail(INVALID_REALM);
  const realm = typeof body.realm === 'string' && body.realm !== '' ? body.realm : null;
  // An account without a realm could never log in where realms are required.
  if (env.REALM_REQUIRED && realm === null) return fail(REALM_REQUIRED);

  const errors = new ValidationErrors();
  if ('id' in body) errors.add('id', 'absence', "can't be set", body.id);
  const email = checkEmail(errors, body.email, true);
  const username = checkUsername(errors, body.username);
  if (body.password === undefined || body.password === null) errors.add('password', 'presence', "can't be blank", undefined);
  checkUnknown(errors, body, new Set([...CREATE_FIELDS, ...SERVER_OWNED, 'id']));
  const scope = uniqueScopeFor(realm);
  if (!errors.has('email') && !errors.has('username')) await checkTaken(errors, scope, email, username);
  if (!errors.empty || email === undefined) return fail(errors.toFailure());
  const weak = await checkPasswordPolicyAndBreaches(body.password as string, { email, username });
  if (weak) return fail(weak);

  const passwordHash = await hashPassword(body.password as string);
  const db = await getDb();
  let user: User | undefined;
  try {
    [user] = await db
      .insert(users)
      .values({ email, username: username ?? null, realm, uniqueScope: scope, passwordHash })
      .returning();
  } catch (error) {
    const mapped = uniqueViolation(error, email, username);
    if (mapped) return mapped;
    throw error;
  }
  if (!user) throw new Error('user insert returned no row');
  await recordEvent({ type: 'signup', outcome: 'success', userId: user.id, identifier: email }, context);
  if (env.EMAIL_VERIFICATION_REQUIRED) {
    const created = user;
    deferTask(context, () => sendVerification(created, context));
  }
  return ok(user);
}

/**
 * PATCH/PUT of the user's own record: `email` and `username`. A username changes at once. A new
 * email needs `currentPassword` and does not change yet: a link goes to the new address and a
 * notice with an undo link to the old one (./email-change.ts, docs/decisions/013). The answer
 * shows the record as it is, the old email included.
 */
export async function updateUser(user: User, body: Record<string, unknown>, options: RequestContext = {}): Promise<Result<User>> {
  if ('password' in body) {
    return fail({
      status: 401,
      name: 'Error',
      message: 'Changing user password via patch/replace API is not allowed. Use changePassword() or setPassword() instead.',
      code: 'PASSWORD_CHANGE_NOT_ALLOWED',
    });
  }
  const errors = new ValidationErrors();
  for (const key of NEVER_SET) if (key in body) errors.add(key, 'absence', "can't be set", body[key]);
  const email = 'email' in body ? checkEmail(errors, body.email, true) : undefined;
  const username = checkUsername(errors, body.username);
  checkUnknown(errors, body, new Set([...UPDATE_FIELDS, ...NEVER_SET, 'currentPassword']));
  if (!errors.has('email') && !errors.has('username')) await checkTaken(errors, user.uniqueScope, email, username, user.id);
  if (!errors.empty) return fail(errors.toFailure());

  const emailChanged = email !== undefined && email !== user.email;
  if (emailChanged) {
    const problem = await checkCurrentPassword(user, body.currentPassword, 'email-change', options);
    if (problem) return fail(problem);
    // Each change mails an address the caller chooses: the hourly limits of a reset link, so an
    // account cannot be used to flood somebody else's mailbox.
    const verdict = await consumeRequest(throttleKeys.emailChangeSource(options.sourceAddress), throttleKeys.emailChangeMail(user.id));
    if (!verdict.allowed) {
      await recordEvent({ type: 'throttled', outcome: 'failure', reason: 'email_change_mail', userId: user.id }, options);
      return fail(tooManyRequests(verdict.retryAfter));
    }
  }
  let updated = user;
  if (username !== undefined) {
    const db = await getDb();
    try {
      const [row] = await db.update(users).set({ username, updatedAt: new Date() }).where(eq(users.id, user.id)).returning();
      if (!row) throw new Error('user update returned no row');
      updated = row;
    } catch (error) {
      const mapped = uniqueViolation(error, email, username);
      if (mapped) return mapped;
      throw error;
    }
  }
  if (emailChanged) await startEmailChange(updated, email, options);
  return ok(updated);
}

/** Deletes a user; their tokens go with them (cascade). Returns how many rows went. */
export async function deleteUser(userId: number): Promise<number> {
  const db = await getDb();
  const deleted = await db.delete(users).where(eq(users.id, userId)).returning({ id: users.id });
  return deleted.length;
}
