import emailAddresses from 'email-addresses';

const MAX_EMAIL_LENGTH = 254;
// Letters, digits and hyphens in labels, a TLD of letters: IDN domains come in as punycode
// (docs/decisions/013).
const DOMAIN_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * One plain mailbox, `local@domain`, nothing else. LoopBack's pattern accepts a quoted local part,
 * and a mailer reads a string with display names, groups or commas as several recipients, so the
 * address is parsed by an RFC 5322 parser and kept only when it is exactly its own bare address:
 * no display name, comment, quoted local part, domain literal or second address.
 */
export function isPlainEmail(email: string): boolean {
  // Printable ASCII only: internationalised addresses are not accepted (docs/decisions/013).
  if (email.length > MAX_EMAIL_LENGTH || email.includes('"') || !/^[\x21-\x7e]+$/.test(email)) return false;
  const parsed = emailAddresses.parseOneAddress({ input: email, rejectTLD: true });
  if (!parsed || parsed.type !== 'mailbox') return false;
  return parsed.name === null && parsed.parts.comments.length === 0 && parsed.address === email && DOMAIN_PATTERN.test(parsed.domain);
}
