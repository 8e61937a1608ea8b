/**
 * Where to send someone after they log in, taken from a `next` parameter only when it is a path
 * on this site. Anything else (another origin, a scheme, `//host` or `/\host` that browsers read
 * as another host, control characters that browsers strip) is ignored, so a link to our login
 * page can never bounce a user to a look-alike site.
 */
export function safeNextPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 512) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  // Browsers drop tabs and newlines inside URLs and treat `\` as `/`: `/\t/evil` is `//evil`.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return null;
  try {
    const base = 'http://latchkey.invalid';
    const url = new URL(value, base);
    if (url.origin !== base) return null;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return null;
  }
}
