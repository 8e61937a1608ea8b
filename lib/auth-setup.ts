import 'server-only';
import { setMailer } from '@/lib/auth/mailer';
import { queueEmail } from '@/lib/email/outbox';

/**
 * The composition root: plugs lib/email's outbox into lib/auth. Imported for its effect by every
 * front door (lib/http/route.ts, app/_lib/request-context.ts) and by tests that send mail;
 * importing it twice changes nothing. The reset link is queued by the core itself, in the
 * transaction that issues it; `resetPasswordRequest` listeners (`on`) run after it commits.
 */
setMailer({ queue: queueEmail });
