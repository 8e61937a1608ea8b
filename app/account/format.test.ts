import { describe, expect, it } from 'vitest';
import { formatAgo, formatDate } from './format';

describe('formatDate', () => {
  const iso = '2026-03-03T14:05:00.000Z';

  it('says UTC, and names it, when no zone is known (the server and pages without JavaScript)', () => {
    expect(formatDate(iso)).toBe('3 Mar 2026, 14:05 UTC');
  });

  it('turns the same moment into the viewer’s zone and names that zone', () => {
    expect(formatDate(iso, 'Europe/Paris')).toBe('3 Mar 2026, 15:05 CET');
    expect(formatDate(iso, 'Asia/Tokyo')).toMatch(/^3 Mar 2026, 23:05 (GMT\+9|JST)$/);
    // Across midnight the date moves too.
    expect(formatDate('2026-03-03T02:00:00.000Z', 'America/Los_Angeles')).toMatch(/^2 Mar 2026, 18:00 (GMT-8|PST)$/);
  });
});

describe('formatAgo', () => {
  const now = Date.parse('2026-03-03T14:05:00.000Z');
  it.each([
    ['2026-03-03T14:04:30.000Z', 'just now'],
    ['2026-03-03T14:00:00.000Z', '5 minutes ago'],
    ['2026-03-03T11:05:00.000Z', '3 hours ago'],
    ['2026-03-02T14:05:00.000Z', 'yesterday'],
  ])('%s → %s', (iso, text) => {
    expect(formatAgo(iso, now)).toBe(text);
  });
});
