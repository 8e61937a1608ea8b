import { and, desc, eq, gt, isNotNull, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { emailChanges, getDb, users, verificationTokens, type EmailChangeRow, type User } from '@/lib/db';
import { env } from '@/lib/env';
import { bumpCredentialVersion, type Executor, type KeepToken } from './access-tokens';
import { recordEvent } from './audit';
import type { RequestContext } from './context';
import { mailer } from './mailer';
import { randomToken, sha256 } from './random';
import { fail, failure, ok, ValidationErrors, type Result } from './result';
import { consume, throttleKeys, tooManyRequests } from './throttle';

/**
 * Changing the email address (docs/decisions/013). A token alone must not move the account to
 * another mailbox: the change needs the current password, takes effect only from the link mailed
 * to the new address, and the old address is told, with a link that undoes it.
 */

/** How long the old address can undo a change: long, as a hijacked owner may be slow to notice. */
export const UNDO_TTL_SECONDS = 7 * 86400;

const INVALID_LINK = failure(400, 'Invalid token: the link is wrong, has expired or was already used', 'INVALID_TOKEN');
const MAX_TOKEN_LENGTH = 256;

/** `n***@example.com`: enough for the owner to recognise, not enough to learn the address. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/**
 * Stores a pending change to `newEmail` (already checked and normalised) and mails both links.
 * A newer request supersedes an older pending one. Nothing about the account changes yet.
 */
export async function startEmailChange(user: User, newEmail: string, context: RequestContext = {}): Promise<void> {
  const confirmToken = randomToken(64);
  const undoToken = randomToken(64);
  const now = Date.now();
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.delete(emailChanges).where(and(eq(emailChanges.userId, user.id), isNull(emailChanges.appliedAt)));
    await tx.insert(emailChanges).values({
      id: sha256(confirmToken),
      undoTokenHash: sha256(undoToken),
      userId: user.id,
      oldEmail: user.email,
      newEmail,
      expiresAt: new Date(now + env.VERIFY_TOKEN_TTL * 1000),
      undoExpiresAt: new Date(now + UNDO_TTL_SECONDS * 1000),
    });
    await mailer().queue(tx, 'emailChangeConfirmation', { to: newEmail, token: confirmToken, ttl: env.VERIFY_TOKEN_TTL });
    await mailer().queue(tx, 'emailChangeNotice', { to: user.email, maskedNewEmail: maskEmail(newEmail), undoToken, ttl: UNDO_TTL_SECONDS });
  });
  await recordEvent({ type: 'email_change_requested', outcome: 'success', userId: user.id, identifier: newEmail }, context);
}

function readToken(token: unknown): string | null {
  return typeof token === 'string' && token.length > 0 && token.length <= MAX_TOKEN_LENGTH ? token : null;
}

async function badLink(context: RequestContext, type: 'email_changed' | 'email_change_undone', userId?: number): Promise<Result<never>> {
  const verdict = await consume(throttleKeys.tokenFailures(context.sourceAddress ?? 'unknown'), env.TOKEN_FAILURE_LIMIT, env.TOKEN_FAILURE_WINDOW);
  await recordEvent({ type, outcome: 'failure', reason: 'invalid_token', userId: userId ?? null }, context);
  return fail(verdict.allowed ? INVALID_LINK : tooManyRequests(verdict.retryAfter));
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
}

function emailTaken(email: string): Result<never> {
  return fail(new ValidationErrors().add('email', 'uniqueness', 'Email already exists', email).toFailure());
}

type Refusal = { status: 'invalid'; userId?: number } | { status: 'taken'; email: string };
type LinkOutcome<T> = { status: 'done'; value: T } | Refusal;

/**
 * Spends one of the two links: checks the token's shape, runs `apply` in a transaction with the
 * token's hash, and answers a wrong, spent or voided link (counted per source) or a taken address.
 */
async function spendLink<T>(
  token: unknown,
  type: 'email_changed' | 'email_change_undone',
  context: RequestContext,
  apply: (tx: Executor, tokenHash: string) => Promise<LinkOutcome<T>>,
): Promise<Result<T>> {
  const rawToken = readToken(token);
  if (rawToken === null) {
    if (token === undefined || token === null || token === '') return fail(failure(400, 'token is a required argument', 'ARGUMENT_REQUIRED'));
    return badLink(context, type);
  }
  const db = await getDb();
  let outcome: LinkOutcome<T>;
  try {
    outcome = await db.transaction((tx) => apply(tx, sha256(rawToken)));
  } catch (error) {
    // Two accounts moving to the same address at once: the database's unique index decides.
    if (!isUniqueViolation(error)) throw error;
    return emailTaken('');
  }
  if (outcome.status === 'invalid') return badLink(context, type, outcome.userId);
  if (outcome.status === 'taken') return emailTaken(outcome.email);
  return ok(outcome.value);
}

/** The pending or applied change a link names, locked for the rest of the transaction. */
async function lockChange(tx: Executor, ...where: SQL[]): Promise<EmailChangeRow | undefined> {
  const [row] = await tx
    .select()
    .from(emailChanges)
    .where(and(...where))
    .for('update');
  return row;
}

/**
 * Moves the account from `from` to `to`, in the caller's transaction, as either link applies it:
 * the row is locked; an account whose address moved some other way since, or a `to` taken in its
 * scope meanwhile, is refused. `to` is stored as verified (the link proved that mailbox), links to
 * verify the other address are voided, and every session but `keepTokenHash` ends: logins that
 * checked the password before this commit must not issue a token after it.
 */
async function moveAddress(tx: Executor, userId: number, from: string, to: string, keep: KeepToken = {}): Promise<Refusal | null> {
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
  if (!user || user.email !== from) return { status: 'invalid', userId };
  const [taken] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.uniqueScope, user.uniqueScope), eq(users.email, to), ne(users.id, user.id)))
    .limit(1);
  if (taken) return { status: 'taken', email: to };
  await tx.update(users).set({ email: to, emailVerified: true, updatedAt: new Date() }).where(eq(users.id, user.id));
  await tx.delete(verificationTokens).where(eq(verificationTokens.userId, user.id));
  await bumpCredentialVersion(tx, user.id, keep);
  return null;
}

/**
 * The link mailed to the new address: applies the change once. The address is unique-checked
 * again (someone may have taken it since), stored as verified (the link proved the mailbox), and
 * every session but `keepTokenHash` ends now, when the change takes effect.
 */
export async function confirmEmailChange(
  token: unknown,
  context: RequestContext & KeepToken = {},
): Promise<Result<{ userId: number; email: string }>> {
  const applied = await spendLink(token, 'email_changed', context, async (tx, tokenHash): Promise<LinkOutcome<EmailChangeRow>> => {
    const row = await lockChange(tx, eq(emailChanges.id, tokenHash), isNull(emailChanges.appliedAt), gt(emailChanges.expiresAt, sql`now()`));
    if (!row) return { status: 'invalid' };
    const refused = await moveAddress(tx, row.userId, row.oldEmail, row.newEmail, { keepTokenHash: context.keepTokenHash });
    if (refused) return refused;
    await tx.update(emailChanges).set({ appliedAt: new Date() }).where(eq(emailChanges.id, row.id));
    return { status: 'done', value: row };
  });
  if (!applied.ok) return applied;
  const row = applied.value;
  await recordEvent({ type: 'email_changed', outcome: 'success', userId: row.userId, identifier: row.newEmail }, context);
  return ok({ userId: row.userId, email: row.newEmail });
}

/**
 * The link mailed to the old address. Before the change took effect it cancels it; after, it puts
 * the old address back (verified: the link proved that mailbox), ends every session and leaves a
 * mark so the owner is told to reset the password, which whoever made the change may know.
 */
export async function undoEmailChange(token: unknown, context: RequestContext = {}): Promise<Result<{ userId: number; reverted: boolean }>> {
  type Undone = { row: EmailChangeRow; reverted: boolean };
  const undone = await spendLink(token, 'email_change_undone', context, async (tx, tokenHash): Promise<LinkOutcome<Undone>> => {
    const row = await lockChange(
      tx,
      eq(emailChanges.undoTokenHash, tokenHash),
      isNull(emailChanges.revertedAt),
      gt(emailChanges.undoExpiresAt, sql`now()`),
    );
    if (!row) return { status: 'invalid' };
    if (row.appliedAt === null) {
      await tx.delete(emailChanges).where(eq(emailChanges.id, row.id));
      return { status: 'done', value: { row, reverted: false } };
    }
    const refused = await moveAddress(tx, row.userId, row.newEmail, row.oldEmail);
    if (refused) return refused;
    await tx.update(emailChanges).set({ revertedAt: new Date() }).where(eq(emailChanges.id, row.id));
    // Any other change still waiting was asked for from the same hijacked account.
    await tx.delete(emailChanges).where(and(eq(emailChanges.userId, row.userId), isNull(emailChanges.appliedAt)));
    return { status: 'done', value: { row, reverted: true } };
  });
  if (!undone.ok) return undone;
  const { row, reverted } = undone.value;
  await recordEvent(
    { type: 'email_change_undone', outcome: 'success', reason: reverted ? 'reverted' : 'cancelled', userId: row.userId, identifier: row.oldEmail },
    context,
  );
  return ok({ userId: row.userId, reverted });
}

export interface EmailChangeState {
  /** The address waiting for its link to be used, if any. */
  pending: { newEmail: string; expiresAt: Date } | null;
  /** An applied change was undone from the old address: the password should be reset. */
  revertedAt: Date | null;
}

/** What the account page shows about email changes. */
export async function getEmailChangeState(userId: number): Promise<EmailChangeState> {
  const db = await getDb();
  const [pending] = await db
    .select({ newEmail: emailChanges.newEmail, expiresAt: emailChanges.expiresAt })
    .from(emailChanges)
    .where(and(eq(emailChanges.userId, userId), isNull(emailChanges.appliedAt), gt(emailChanges.expiresAt, sql`now()`)))
    .orderBy(desc(emailChanges.createdAt))
    .limit(1);
  const [reverted] = await db
    .select({ revertedAt: emailChanges.revertedAt })
    .from(emailChanges)
    .where(and(eq(emailChanges.userId, userId), isNotNull(emailChanges.revertedAt), gt(emailChanges.undoExpiresAt, sql`now()`)))
    .orderBy(desc(emailChanges.revertedAt))
    .limit(1);
  return { pending: pending ?? null, revertedAt: reverted?.revertedAt ?? null };
}

/** The owner withdraws a change they asked for; its link stops working. */
export async function cancelEmailChange(userId: number, context: RequestContext = {}): Promise<boolean> {
  const db = await getDb();
  const deleted = await db
    .delete(emailChanges)
    .where(and(eq(emailChanges.userId, userId), isNull(emailChanges.appliedAt)))
    .returning({ id: emailChanges.id });
  if (deleted.length > 0) await recordEvent({ type: 'email_change_undone', outcome: 'success', reason: 'withdrawn', userId }, context);
  return deleted.length > 0;
}
