/** Builds real `Request`s for calling exported route handlers directly. */
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  body?: unknown;
  /** A raw body, sent as is (with `contentType`). */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  token?: string;
  /** The client's address, as server.mjs passes it on. */
  peer?: string;
}

export async function call(handler: unknown, method: string, path: string, options: CallOptions = {}) {
  const headers = new Headers(options.headers);
  let body: string | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    headers.set('content-type', options.contentType ?? 'application/json');
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set('content-type', 'application/json');
  }
  if (options.token) headers.set('authorization', options.token);
  if (options.peer) headers.set('x-latchkey-peer', `${process.env.LATCHKEY_PEER_KEY} ${options.peer}`);
  const request = new Request(`http://latchkey.test${path}`, { method, headers, body });
  const response = await (handler as Handler)(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON shapes
    json: text ? (JSON.parse(text) as any) : undefined,
  };
}
