const absolute = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, locale: string | undefined): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${timeZone}`;
  let found = absolute.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale ?? 'en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    });
    absolute.set(key, found);
  }
  return found;
}

/**
 * "3 Mar 2026, 14:05 UTC". The server renders UTC, one fixed and named zone rather than a wrong
 * local one; the browser re-renders it in the viewer's own zone (LocalTime), still naming it.
 */
export function formatDate(iso: string, timeZone = 'UTC', locale?: string): string {
  return formatter(timeZone, locale).format(new Date(iso));
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "just now", "5 minutes ago", "yesterday"… */
export function formatAgo(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (seconds > -60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes > -60) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours > -24) return relative.format(hours, 'hour');
  return relative.format(Math.round(hours / 24), 'day');
}
