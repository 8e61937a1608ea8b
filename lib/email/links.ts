import { env } from '@/lib/env';

/** A link into the app, always built from APP_URL, never from a request's Host header. */
export function appUrl(pathname: string, query: Record<string, string> = {}): string {
  const base = env.APP_URL.endsWith('/') ? env.APP_URL : `${env.APP_URL}/`;
  const url = new URL(pathname.replace(/^\//, ''), base);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}
