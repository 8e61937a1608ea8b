import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorResponse, internalError, notFound } from './errors';
import { route } from './route';

afterEach(() => vi.restoreAllMocks());

async function read(response: Response) {
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('errorResponse', () => {
  it("writes LoopBack's envelope with keys in its order, code and details only when set", async () => {
    const plain = await read(errorResponse({ status: 400, message: 'Value is not an object.' }));
    expect(plain.text).toBe('{"error":{"statusCode":400,"name":"Error","message":"Value is not an object."}}');
    const coded = await read(errorResponse({ status: 401, name: 'Error', message: 'login failed', code: 'LOGIN_FAILED' }));
    expect(coded.text).toBe('{"error":{"statusCode":401,"name":"Error","message":"login failed","code":"LOGIN_FAILED"}}');
    const details = { context: 'User', codes: { email: ['presence'] }, messages: { email: ["can't be blank"] } };
    const validation = await read(errorResponse({ status: 422, name: 'ValidationError', message: 'm', details }));
    expect(Object.keys(JSON.parse(validation.text).error)).toEqual(['statusCode', 'name', 'message', 'details']);
  });

  it('sends JSON with nosniff and no-store, and WWW-Authenticate: Bearer on 401 only', async () => {
    for (const status of [400, 401, 404, 413, 422]) {
      const { headers } = await read(errorResponse({ status, message: 'x' }));
      expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('cache-control')).toBe('no-store');
      expect(headers.get('www-authenticate')).toBe(status === 401 ? 'Bearer' : null);
    }
  });

  it('adds Retry-After in whole seconds when a wait is known', async () => {
    const { headers } = await read(errorResponse({ status: 429, message: 'Too many requests', retryAfter: 1.2 }));
    expect(headers.get('retry-after')).toBe('2');
  });
});

describe('notFound', () => {
  it('words paths relative to /api, and under /api/users relative to the model', async () => {
    expect(JSON.parse((await read(notFound('GET', '/api/nothing'))).text).error.message).toBe('There is no method to handle GET /nothing');
    expect(JSON.parse((await read(notFound('GET', '/api'))).text).error.message).toBe('There is no method to handle GET /');
    expect(JSON.parse((await read(notFound('DELETE', '/api/users'))).text).error.message).toBe('Shared class "User" has no method handling DELETE /');
    expect(JSON.parse((await read(notFound('POST', '/api/Users/3/foo'))).text).error.message).toBe(
      'Shared class "User" has no method handling POST /3/foo',
    );
    expect(JSON.parse((await read(notFound('GET', '/api/usersx'))).text).error.message).toBe('There is no method to handle GET /usersx');
  });
});

describe('route', () => {
  it('turns a surprise into the bare 500 envelope, logging neither the query nor the stack', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const handler = route(async () => {
      throw new Error('boom\n    params: secret-param');
    });
    const answer = await read(await handler(new Request('http://latchkey.test/api/users/me?access_token=secret-token'), {}));
    expect(answer.status).toBe(500);
    expect(answer.text).toBe('{"error":{"statusCode":500,"message":"Internal Server Error"}}');
    expect(answer.text).toBe(await internalError().text());
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(log).toHaveBeenCalledTimes(1);
    const logged = String(log.mock.calls[0]?.[0]);
    expect(logged).toContain('GET /api/users/me failed: Error: boom');
    expect(logged).not.toMatch(/secret-token|secret-param|\n\s+at /);
  });
});
