import { env } from '@/lib/env';

const LOCAL_BASE = 'http://local.invalid';

/**
 * A path on this site, or null. Anything else — another origin, a scheme, `//host` or `/\host`
 * that browsers read as another host, control characters that browsers strip — is refused.
 */
function localPath(target: string): string | null {
  if (!target.startsWith('/') || target.startsWith('//')) return null;
  // Browsers drop tabs and newlines inside URLs and treat `\` as `/`: `/\t/evil` is `//evil`.
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return null;
  const url = new URL(target, LOCAL_BASE);
  return url.origin === LOCAL_BASE ? `${url.pathname}${url.search}${url.hash}` : null;
}

/**
 * Where a `redirect`/`next` parameter may send someone: a path on this app, or (when `allowOrigins`)
 * a URL on APP_URL's origin or one of REDIRECT_ALLOWED_ORIGINS. Anything else is refused (null),
 * so a link to this app can never bounce a user to a look-alike site.
 */
export function safeRedirect(target: unknown, options: { allowOrigins?: boolean } = {}): string | null {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2048) return null;
  if (target.startsWith('/')) return localPath(target);
  if (!options.allowOrigins) return null;
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return null;
  }
  const allowed = [new URL(env.APP_URL).origin, ...env.REDIRECT_ALLOWED_ORIGINS];
  return (url.protocol === 'https:' || url.protocol === 'http:') && allowed.includes(url.origin) ? url.toString() : null;
}
