import { env } from '@/lib/env';

/**
 * Where a `redirect`/`next` parameter may send someone: a path on this app, or (when `allowOrigins`)
 * a URL on APP_URL's origin or one of REDIRECT_ALLOWED_ORIGINS. Anything else is refused (null),
 * so a link to this app can never bounce a user to a look-alike site.
 *
 * The target is resolved against APP_URL with the WHATWG parser (the one browsers use) and the
 * check is made on the result, which is also what is emitted: checking the raw string let
 * `/.//evil.example` through, which normalises to the protocol-relative `//evil.example`.
 */
export function safeRedirect(target: unknown, options: { allowOrigins?: boolean } = {}): string | null {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2048) return null;
  // Browsers drop tabs and newlines inside URLs and read `\` as `/`: `/\t/evil` is `//evil`.
  // No honest link needs them, so they are refused rather than repaired.
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return null;
  const isPath = target.startsWith('/') && !target.startsWith('//');
  if (!isPath && !options.allowOrigins) return null;
  const base = new URL(env.APP_URL);
  let url: URL;
  try {
    // Anything but a path must be a whole URL: `http:evil.example` or `evil.example` would resolve
    // against APP_URL, which is not what their author meant.
    url = isPath ? new URL(target, base) : new URL(target);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (isPath) {
    const path = `${url.pathname}${url.search}${url.hash}`;
    // A path that still begins `//` after normalisation would name another host.
    return url.origin === base.origin && !path.startsWith('//') ? path : null;
  }
  const allowed = [base.origin, ...env.REDIRECT_ALLOWED_ORIGINS];
  return allowed.includes(url.origin) ? url.href : null;
}
