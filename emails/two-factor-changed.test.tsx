import { render } from '@react-email/components';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import TwoFactorChangedEmail, { twoFactorChangedSubject } from './two-factor-changed';

const props = {
  changedAt: '3 December 2026 at 09:05 UTC',
  device: 'Chrome on Linux',
  address: '203.0.113.9',
  accountUrl: 'https://a.example.com/account',
};

describe('the two-factor notice', () => {
  it.each(['enabled', 'disabled', 'recovery_codes'] as const)('says what changed (%s), when, from where, and where to look', async (change) => {
    const mail = createElement(TwoFactorChangedEmail, { change, ...props });
    const html = await render(mail);
    expect(html).toContain(`<title>${twoFactorChangedSubject(change)}</title>`);
    const text = await render(mail, { plainText: true });
    expect(text).toContain('When: 3 December 2026 at 09:05 UTC');
    expect(text).toContain('Device: Chrome on Linux');
    expect(text).toContain('Address: 203.0.113.9');
    expect(text).toContain('https://a.example.com/account');
  });

  it('has a subject of its own for each change', () => {
    const subjects = (['enabled', 'disabled', 'recovery_codes'] as const).map(twoFactorChangedSubject);
    expect(new Set(subjects).size).toBe(3);
  });
});
