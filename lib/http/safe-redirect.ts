import { env } from '@/lib/env';

/**
 * Where a `redirect`/`next` parameter may send someone: a path on this app, or (when `origins` is
 * allowed) a URL on APP_URL's origin or one of REDIRECT_ALLOWED_ORIGINS. Anything else — other
 * hosts, protocol-relative `//host`, backslash tricks, `javascript:` — is refused (null).
 */
export function safeRedirect(target: string | null | undefined, options: { allowOrigins?: boolean } = {}): string | null {
  if (!target || target.length > 2048) return null;
  // Browsers treat `\` like `/` and drop tabs and newlines, so `/\evil.example` is `//evil.example`.
  if (/[\\\t\r\n]/.test(target) || /^[\u0000-\u0020]/.test(target)) return null;
  if (target.startsWith('/') && !target.startsWith('//')) {
    const resolved = new URL(target, 'http://local.invalid');
    return resolved.origin === 'http://local.invalid' ? `${resolved.pathname}${resolved.search}${resolved.hash}` : null;
  }
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
