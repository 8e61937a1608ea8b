import { env } from '@/lib/env';

/** A link into the app, always built from APP_URL, never from a request's Host header. */
export function appUrl(pathname: string, query: Record<string, string> = {}): string {
  const base = env.APP_URL.endsWith('/') ? env.APP_URL : `${env.APP_URL}/`;
  const url = new URL(pathname.replace(/^\//, ''), base);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

/** "3 December 2026 at 12:52 UTC": when something happened, as the notices say it. */
export function formatWhen(iso: string): string {
  const formatted = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso));
  return `${formatted} UTC`;
}
