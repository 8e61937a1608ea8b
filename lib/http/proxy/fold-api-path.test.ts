import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { foldApiPath } from './fold-api-path';

const request = (path: string) => new NextRequest(`http://latchkey.test${path}`);

describe('foldApiPath', () => {
  it('rewrites a path in any case to the route folders spelling, keeping the query', () => {
    const response = foldApiPath(request('/API/Users/Login?include=user'))!;
    expect(new URL(response.headers.get('x-middleware-rewrite')!).href).toBe('http://latchkey.test/api/users/login?include=user');
  });

  it('moves a query-string token into X-Access-Token, out of the rewrite target Next reports', () => {
    const response = foldApiPath(request('/api/Users/Me?access_token=SeCrEt&x=1'))!;
    const target = response.headers.get('x-middleware-rewrite')!;
    expect(new URL(target).href).toBe('http://latchkey.test/api/users/me?x=1');
    expect(target).not.toContain('SeCrEt');
    expect(response.headers.get('x-middleware-override-headers')).toContain('x-access-token');
    expect(response.headers.get('x-middleware-request-x-access-token')).toBe('SeCrEt');
  });

  it('lets a canonical API path through untouched, ending the pipeline', () => {
    const response = foldApiPath(request('/api/users/12/accessTokens/AbCd'))!;
    expect(response.headers.get('x-middleware-next')).toBe('1');
    expect(response.headers.get('x-middleware-rewrite')).toBeNull();
  });

  it('passes pages on to the next step', () => {
    expect(foldApiPath(request('/login'))).toBeUndefined();
    expect(foldApiPath(request('/apiary'))).toBeUndefined();
  });
});
