/**
 * An SMTP server's refusal often quotes the recipient ("550 <bob@example.com>: no such user").
 * What the outbox records and logs about a failure keeps the domain and drops the mailbox, as the
 * rest of the logs do.
 */
export function redactAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:@]+@([A-Za-z0-9.-]+)/g, '…@$1');
}
