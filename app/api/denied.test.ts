import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import * as users from './users/route';
import * as byId from './users/[id]/route';
import * as exists from './users/[id]/exists/route';
import * as login from './users/login/route';
import * as logout from './users/logout/route';
import * as reset from './users/reset/route';
import * as resetPassword from './users/reset-password/route';
import * as changePassword from './users/change-password/route';
import * as catchAll from './[...path]/route';
import * as apiRoot from './route';
import { proxy } from '@/proxy';
import { call } from '@/test/http';
import { account, expectAuthorizationRequired, expectError, storedUser, tokenCount, userCount } from '@/test/accounts';

type Handler = Parameters<typeof call>[0];

describe('what a stock LoopBack app denies: 401 AUTHORIZATION_REQUIRED, changing nothing', () => {
  const cases: [string, Handler, string, string, Record<string, string>?][] = [
    ['find', users.GET, 'GET', `/api/users?filter=${encodeURIComponent('{"where":{"email":{"$ne":null}}}')}`],
    ['updateAll', users.PATCH, 'PATCH', '/api/users?where=%7B%7D'],
    ['replaceOrCreate (PUT)', users.PUT, 'PUT', '/api/users'],
    ['findOne', byId.GET, 'GET', '/api/users/findOne', { id: 'findOne' }],
    ['count', byId.GET, 'GET', '/api/users/count', { id: 'count' }],
    ['change-stream (GET)', byId.GET, 'GET', '/api/users/change-stream', { id: 'change-stream' }],
    ['change-stream (POST)', byId.POST, 'POST', '/api/users/change-stream', { id: 'change-stream' }],
    ['replaceOrCreate', byId.POST, 'POST', '/api/users/replaceOrCreate', { id: 'replaceOrCreate' }],
    ['upsertWithWhere', byId.POST, 'POST', '/api/users/upsertWithWhere', { id: 'upsertWithWhere' }],
    ['update', byId.POST, 'POST', '/api/users/update', { id: 'update' }],
    ['exists (GET)', exists.GET, 'GET', '/api/users/1/exists', { id: '1' }],
    ['exists (HEAD)', exists.HEAD, 'HEAD', '/api/users/1/exists', { id: '1' }],
  ];

  let n = 0;
  it.each(cases)('%s', async (_name, handler, method, path, params) => {
    const alice = await account(`denied-${++n}@example.com`);
    const before = { users: await userCount(), tokens: await tokenCount(), alice: await storedUser(alice.user.id) };
    const body = ['GET', 'HEAD'].includes(method) ? undefined : { email: 'intruder@example.com', password: 'velvet9heron', emailVerified: true };
    for (const token of [undefined, alice.token]) {
      const answer = await call(handler, method, path, { body, token, params: params ?? {} });
      if (method === 'HEAD') expect(answer.status).toBe(401);
      else expectAuthorizationRequired(answer);
    }
    expect({ users: await userCount(), tokens: await tokenCount(), alice: await storedUser(alice.user.id) }).toEqual(before);
  });
});

describe('wrong verbs on fixed paths: 401 in JSON, never HTML or a bare 405', () => {
  const routes = { login, logout, reset, 'reset-password': resetPassword, 'change-password': changePassword } as Record<
    string,
    Record<string, Handler>
  >;
  for (const [name, module] of Object.entries(routes)) {
    it(`/api/users/${name}`, async () => {
      const alice = await account(`verbs-${name}@example.com`);
      const before = { tokens: await tokenCount(), alice: await storedUser(alice.user.id) };
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) {
        expect(module[method], `${method} /api/users/${name} is exported`).toBeTypeOf('function');
        const body = method === 'GET' ? undefined : { email: alice.user.email, password: 'velvet9heron', newPassword: 'another-pass' };
        expectAuthorizationRequired(await call(module[method], method, `/api/users/${name}`, { token: alice.token, body }));
      }
      expect({ tokens: await tokenCount(), alice: await storedUser(alice.user.id) }).toEqual(before);
    });
  }
});

describe("anything else under /api: LoopBack's JSON 404", () => {
  it('words the message relative to /api, without the query string', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const answer = await call(catchAll[method], method, '/api/nothing/here?access_token=secret-in-query', { params: { path: 'nothing/here' } });
      expectError(answer, 404, `There is no method to handle ${method} /nothing/here`);
      expect(answer.text).not.toContain('secret-in-query');
    }
    const head = await call(catchAll.HEAD, 'HEAD', '/api/nothing');
    expect(head.status).toBe(404);
  });

  it('answers /api itself', async () => {
    expectError(await call(apiRoot.GET, 'GET', '/api'), 404, 'There is no method to handle GET /');
    expectError(await call(apiRoot.POST, 'POST', '/api'), 404, 'There is no method to handle POST /');
  });

  it('words unknown paths under /api/users relative to the model, as LoopBack does', async () => {
    expectError(await call(catchAll.GET, 'GET', '/api/users/1/foo'), 404, 'Shared class "User" has no method handling GET /1/foo');
    expectError(await call(catchAll.POST, 'POST', '/api/users/1/foo/bar'), 404, 'Shared class "User" has no method handling POST /1/foo/bar');
  });
});

describe('case-insensitive paths', () => {
  async function rewrite(path: string) {
    const response = await proxy(new NextRequest(`http://latchkey.test${path}`));
    const target = response.headers.get('x-middleware-rewrite');
    return target ? new URL(target).pathname + new URL(target).search : null;
  }

  it('routes /api/Users/... to the same handlers as /api/users/...', async () => {
    expect(await rewrite('/api/Users/login?include=user')).toBe('/api/users/login?include=user');
    expect(await rewrite('/API/USERS/LOGOUT')).toBe('/api/users/logout');
    expect(await rewrite('/api/Users/Me/AccessTokens/Count')).toBe('/api/users/me/accessTokens/count');
    expect(await rewrite('/api/Users/12/accessTokens/AbCd')).toBe('/api/users/12/accessTokens/AbCd');
  });

  it('leaves canonical paths alone', async () => {
    expect(await rewrite('/api/users/login')).toBeNull();
    expect(await rewrite('/api/users/12/accessTokens/AbCd')).toBeNull();
  });
});
