import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { describe, expect, it } from 'vitest';
import { config } from '@/proxy';

const matches = (path: string, headers: Record<string, string> = {}) =>
  unstable_doesMiddlewareMatch({ config, url: `http://latchkey.test${path}`, headers });

describe("proxy.ts's matcher", () => {
  it('leaves the hot lower-case API paths alone: they never pay for the proxy', () => {
    for (const path of [
      '/api',
      '/api/',
      '/api/users',
      '/api/users/me',
      '/api/users/login?include=user',
      '/api/users/12/verify',
      '/api/users/me?access_token=AbC',
    ]) {
      expect(matches(path), path).toBe(false);
    }
  });

  it('runs for API paths with a capital letter anywhere, which need folding or may be ids', () => {
    for (const path of [
      '/API',
      '/Api/',
      '/aPi/users',
      '/apI/users/me',
      '/API/USERS/LOGIN',
      '/api/Users/Login',
      '/api/users/Me',
      '/api/users/12/accessTokens/AbCd',
      '/api/users/me/accessTokens',
    ]) {
      expect(matches(path), path).toBe(true);
    }
  });

  it('runs for every page, including paths that only begin like the API', () => {
    for (const path of [
      '/',
      '/login',
      '/reset-password?access_token=abc',
      '/verify?uid=1&token=t',
      '/account',
      '/apiary',
      '/APIary',
      '/apiFoo/bar',
      '/Users/login',
      '/_next/data/x/login.json',
    ]) {
      expect(matches(path), path).toBe(true);
    }
  });

  it('skips static assets and images', () => {
    for (const path of ['/_next/static/chunks/main.js', '/_next/image?url=%2Fx.png', '/favicon.ico', '/icon.svg']) {
      expect(matches(path), path).toBe(false);
    }
  });

  it('skips page prefetches, but not an API path that needs folding', () => {
    expect(matches('/login', { 'next-router-prefetch': '1' })).toBe(false);
    expect(matches('/login', { purpose: 'prefetch' })).toBe(false);
    expect(matches('/login', { purpose: 'other' })).toBe(true);
    expect(matches('/api/Users/Login', { 'next-router-prefetch': '1' })).toBe(true);
    expect(matches('/API.json', { purpose: 'prefetch' })).toBe(true);
    expect(matches('/_next/data/build/API/Users.json', { purpose: 'prefetch' })).toBe(true);
    expect(matches('/api/users/me.json', { purpose: 'prefetch' })).toBe(false);
  });
});
