const RAW_TOKEN = /^[A-Za-z0-9]{64}$/;

function fromBearer(value: string): string {
  // LoopBack clients send `Bearer base64(token)`; RFC 6750 clients send the token itself.
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return RAW_TOKEN.test(decoded) ? decoded : value;
}

/**
 * The access token a request presents, first hit wins: query `access_token`, header
 * `X-Access-Token`, then `Authorization` (raw, `Bearer base64(token)` or `Bearer token`).
 * REST never reads the browser's session cookie.
 */
export function extractAccessToken(request: Request): string | undefined {
  const query = new URL(request.url).searchParams.get('access_token');
  if (query) return query;
  const header = request.headers.get('x-access-token');
  if (header) return header.trim();
  const authorization = request.headers.get('authorization')?.trim();
  if (!authorization) return undefined;
  const bearer = /^bearer\s+(\S+)$/i.exec(authorization);
  return bearer ? fromBearer(bearer[1]!) : authorization;
}
