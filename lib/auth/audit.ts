import { desc, eq, lt, sql } from 'drizzle-orm';
import { authEvents, getDb, type AuthEventRow } from '@/lib/db';
import { describeError } from '@/lib/log';
import type { RequestContext } from './context';

// lib/http/client-address.ts still names it here.
export type { RequestContext };
import { identifierDigest } from './throttle';

export type AuditEventType =
  | 'signup'
  | 'login'
  | 'logout'
  | 'token_revoked'
  | 'tokens_revoked'
  | 'reset_requested'
  | 'reset_completed'
  | 'password_changed'
  | 'email_changed'
  | 'email_change_requested'
  | 'email_change_undone'
  | 'verification_sent'
  | 'email_verified'
  | 'throttled'
  | 'account_deleted'
  /** Two-factor turned on (a code confirmed the enrolment) or off. */
  | 'two_factor_enabled'
  | 'two_factor_disabled'
  | 'recovery_codes_generated'
  /** A code asked for after a right password (login, reset); reason `totp` or `recovery_code`, or why it failed. */
  | 'second_factor'
  /** A sign-in through a provider that did not end in a session (reason: why); successes are `login`. */
  | 'provider_login'
  | 'identity_linked'
  | 'identity_unlinked'
  /** Written by the LoopBack 3 importer, one per user it brought across (reason `loopback`). */
  | 'imported';

export interface AuditEvent {
  type: AuditEventType;
  outcome: 'success' | 'failure';
  /** Why it failed, or what was throttled: a fixed word, never user input. */
  reason?: string;
  userId?: number | null;
  /**
   * The normalised email or username the request named. Kept as typed only with a known
   * account's `userId`; otherwise stored as a keyed digest, since a name that matches no account
   * is often a password typed into the wrong field.
   */
  identifier?: string | null;
}

/** What the trail keeps of an identifier (docs/decisions/011-audit-trail.md). */
function storedIdentifier(event: AuditEvent): string | null {
  if (event.identifier === undefined || event.identifier === null || event.identifier === '') return null;
  if (event.userId === undefined || event.userId === null) return `hmac:${identifierDigest(event.identifier)}`;
  return event.identifier.slice(0, 320);
}

/**
 * Appends to the audit trail. Never holds a password or a token. A failed write is logged and
 * swallowed: the trail must not turn a working login into an error.
 */
export async function recordEvent(event: AuditEvent, context: RequestContext = {}): Promise<void> {
  try {
    const db = await getDb();
    await db.insert(authEvents).values({
      type: event.type,
      outcome: event.outcome,
      reason: event.reason ?? null,
      userId: event.userId ?? null,
      identifier: storedIdentifier(event),
      sourceAddress: context.sourceAddress?.slice(0, 64) ?? null,
      userAgent: context.userAgent?.slice(0, 512) ?? null,
    });
  } catch (error) {
    console.error(`[latchkey] audit write (${event.type}) failed: ${describeError(error)}`);
  }
}

/** A user's own recent events, newest first. */
export async function listUserEvents(userId: number, limit = 20): Promise<AuthEventRow[]> {
  const db = await getDb();
  return db.select().from(authEvents).where(eq(authEvents.userId, userId)).orderBy(desc(authEvents.createdAt), desc(authEvents.id)).limit(limit);
}

/** Drops events older than `days`. */
export async function pruneEvents(days = 365): Promise<number> {
  const db = await getDb();
  const deleted = await db
    .delete(authEvents)
    .where(lt(authEvents.createdAt, sql`now() - make_interval(days => ${days})`))
    .returning({ id: authEvents.id });
  return deleted.length;
}
