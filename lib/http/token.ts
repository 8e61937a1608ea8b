const RAW_TOKEN = /^[A-Za-z0-9]{64}$/;

function fromBearer(value: string): string {
  // LoopBack clients send `Bearer base64(token)`; RFC 6750 clients send the token itself.
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return RAW_TOKEN.test(decoded) ? decoded : value;
}

/**
 * `Basic base64(user:password)`, as `curl -u TOKEN:` sends it. LoopBack takes the longer of the two
 * halves as the token (`token:`, `:token` and `anything:token` all work there), and so does this.
 */
function fromBasic(value: string): string {
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return decoded;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return password.length > user.length ? password : user;
}

/**
 * The access token a request presents, first hit wins: query `access_token`, header
 * `X-Access-Token`, then `Authorization` (raw, `Bearer base64(token)`, `Bearer token` or
 * `Basic base64(token:)`). REST never reads the browser's session cookie.
 */
export function extractAccessToken(request: Request): string | undefined {
  const query = new URL(request.url).searchParams.get('access_token');
  if (query) return query;
  const header = request.headers.get('x-access-token');
  if (header) return header.trim();
  const authorization = request.headers.get('authorization')?.trim();
  if (!authorization) return undefined;
  const bearer = /^bearer\s+(\S+)$/i.exec(authorization);
  if (bearer) return fromBearer(bearer[1]!);
  const basic = /^basic\s+(\S+)$/i.exec(authorization);
  if (basic) return fromBasic(basic[1]!) || undefined;
  return authorization;
}
