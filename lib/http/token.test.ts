import { describe, expect, it } from 'vitest';
import { randomToken } from '@/lib/auth/random';
import { extractAccessToken } from './token';

const A = randomToken(64);
const B = randomToken(64);
const C = randomToken(64);
const base64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function request(query = '', headers: Record<string, string> = {}) {
  return new Request(`http://latchkey.test/api/users/me${query}`, { headers });
}

describe('extractAccessToken', () => {
  it('finds nothing when no token is sent', () => {
    expect(extractAccessToken(request())).toBeUndefined();
    expect(extractAccessToken(request('', { authorization: '' }))).toBeUndefined();
    expect(extractAccessToken(request('', { authorization: '   ' }))).toBeUndefined();
  });

  it('reads the query parameter access_token', () => {
    expect(extractAccessToken(request(`?access_token=${A}`))).toBe(A);
  });

  it('reads the X-Access-Token header', () => {
    expect(extractAccessToken(request('', { 'x-access-token': A }))).toBe(A);
  });

  it('reads Authorization as the raw token', () => {
    expect(extractAccessToken(request('', { authorization: A }))).toBe(A);
  });

  it('reads Authorization: Bearer <base64 of the token>, as LoopBack clients send it', () => {
    expect(extractAccessToken(request('', { authorization: `Bearer ${base64(A)}` }))).toBe(A);
    expect(extractAccessToken(request('', { authorization: `bearer ${base64(A)}` }))).toBe(A);
  });

  it('reads Authorization: Bearer <raw token>, as RFC 6750 clients send it', () => {
    expect(extractAccessToken(request('', { authorization: `Bearer ${A}` }))).toBe(A);
    expect(extractAccessToken(request('', { authorization: `BEARER   ${A}` }))).toBe(A);
  });

  it('takes the first hit in the spec order: query, X-Access-Token, Authorization', () => {
    const all = { 'x-access-token': B, authorization: `Bearer ${base64(C)}` };
    expect(extractAccessToken(request(`?access_token=${A}`, all))).toBe(A);
    expect(extractAccessToken(request('', all))).toBe(B);
    expect(extractAccessToken(request('', { authorization: `Bearer ${base64(C)}` }))).toBe(C);
  });

  it('skips an empty query parameter or header and looks further', () => {
    expect(extractAccessToken(request('?access_token=', { 'x-access-token': B }))).toBe(B);
    expect(extractAccessToken(request('', { 'x-access-token': '', authorization: C }))).toBe(C);
  });

  it('never reads the session cookie', () => {
    expect(extractAccessToken(request('', { cookie: `access_token=${A}; authorization=${B}` }))).toBeUndefined();
  });

  it('reads Authorization: Basic base64(token:), as `curl -u TOKEN:` sends it, taking the longer half as LoopBack does', () => {
    expect(extractAccessToken(request('', { authorization: `Basic ${base64(`${A}:`)}` }))).toBe(A);
    expect(extractAccessToken(request('', { authorization: `basic ${base64(`:${A}`)}` }))).toBe(A);
    expect(extractAccessToken(request('', { authorization: `Basic ${base64(`token:${A}`)}` }))).toBe(A);
    expect(extractAccessToken(request('', { authorization: `Basic ${base64(A)}` }))).toBe(A);
    // Nothing in it: no token, so the request is anonymous.
    expect(extractAccessToken(request('', { authorization: `Basic ${base64(':')}` }))).toBeUndefined();
  });

  it('passes anything else through as presented, for the lookup to reject', () => {
    expect(extractAccessToken(request('', { authorization: 'Basic dXNlcjpwYXNz' }))).toBe('user');
    expect(extractAccessToken(request('', { authorization: 'Digest username="x"' }))).toBe('Digest username="x"');
    expect(extractAccessToken(request('', { authorization: 'Bearer not-base64!' }))).toBe('not-base64!');
  });
});
