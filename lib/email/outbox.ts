import 'server-only';
import type { Executor } from '@/lib/auth/access-tokens';
import type { MailMessages } from '@/lib/auth/mailer';
import { outboxMessages } from '@/lib/db';
import type { MailKind } from './messages';
import { sealPayload } from './seal';
import { kickMailSender } from './sender';

/**
 * The outbox side of the core's mail port: the message is written, sealed, on the caller's
 * transaction handle, so it exists exactly when the change that caused it does. The sender is
 * woken at once; it sees the row as soon as the transaction commits.
 */
export async function queueEmail<K extends MailKind>(tx: Executor, kind: K, message: MailMessages[K]): Promise<void> {
  await tx.insert(outboxMessages).values({ kind, payload: sealPayload(message, kind) });
  kickMailSender();
}
