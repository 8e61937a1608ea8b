import { describe, expect, it } from 'vitest';
import { redactAddresses } from './redact';

describe('redactAddresses', () => {
  it("keeps an SMTP refusal's words and domains, not the mailboxes it quotes", () => {
    const said = "Can't send mail - all recipients were rejected: 550 5.1.1 <bob.smith+x@example.com>: Recipient address rejected";
    expect(redactAddresses(said)).toBe("Can't send mail - all recipients were rejected: 550 5.1.1 <…@example.com>: Recipient address rejected");
    expect(redactAddresses('connect ECONNREFUSED 127.0.0.1:25')).toBe('connect ECONNREFUSED 127.0.0.1:25');
  });
});
