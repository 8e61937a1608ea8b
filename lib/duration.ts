/** "24 hours", "15 minutes", "2 days": how long a link works, worded for a person; the pages and the mails both use it, so they agree. */
export function describeDuration(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60 || minutes % 60 !== 0) return plural(minutes, 'minute');
  const hours = minutes / 60;
  if (hours < 48 || hours % 24 !== 0) return plural(hours, 'hour');
  return plural(hours / 24, 'day');
}
