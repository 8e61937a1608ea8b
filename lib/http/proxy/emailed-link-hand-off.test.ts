import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { moveLinkTokenToCookie, moveResetTokenToCookie } from './emailed-link-hand-off';

const request = (path: string, method = 'GET') => new NextRequest(`http://latchkey.test${path}`, { method });

function expectCleanRedirect(response: Response | undefined, path: string) {
  expect(response?.status).toBe(303);
  expect(response!.headers.get('location')).toBe(`http://latchkey.test${path}`);
  expect(response!.headers.get('cache-control')).toBe('no-store');
  expect(response!.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('moveResetTokenToCookie', () => {
  it('moves the token into the reset cookie and lands on the clean URL', () => {
    const response = moveResetTokenToCookie(request('/reset-password?access_token=abc123'));
    expectCleanRedirect(response, '/reset-password');
    expect(response!.headers.get('set-cookie')).toMatch(/^latchkey-reset=abc123; Path=\/; Expires=[^;]+; Max-Age=900; HttpOnly; SameSite=lax$/);
  });

  it('sets no cookie for an empty or oversized token, and still cleans the URL', () => {
    for (const token of ['', 'a'.repeat(257)]) {
      const response = moveResetTokenToCookie(request(`/reset-password?access_token=${token}`));
      expectCleanRedirect(response, '/reset-password');
      expect(response!.headers.get('set-cookie')).toBeNull();
    }
  });

  it('passes other requests on', () => {
    expect(moveResetTokenToCookie(request('/reset-password'))).toBeUndefined();
    expect(moveResetTokenToCookie(request('/login?access_token=abc'))).toBeUndefined();
  });
});

describe('moveLinkTokenToCookie', () => {
  it('moves each link page parameters into its own cookie', () => {
    const verify = moveLinkTokenToCookie(request('/verify?uid=7&token=tok_1&redirect=%2F'));
    expectCleanRedirect(verify, '/verify');
    expect(verify!.headers.get('set-cookie')).toMatch(
      /^latchkey-verify-link=7\.tok_1; Path=\/; Expires=[^;]+; Max-Age=3600; HttpOnly; SameSite=lax$/,
    );
    const confirm = moveLinkTokenToCookie(request('/confirm-email?token=abc', 'HEAD'));
    expectCleanRedirect(confirm, '/confirm-email');
    expect(confirm!.headers.get('set-cookie')).toMatch(/^latchkey-email-change=abc;/);
    expect(moveLinkTokenToCookie(request('/undo-email-change?token=xyz'))!.headers.get('set-cookie')).toMatch(/^latchkey-email-undo=xyz;/);
  });

  it('cleans the URL but sets no cookie when the parameters are unusable', () => {
    const response = moveLinkTokenToCookie(request('/verify?uid=7'));
    expectCleanRedirect(response, '/verify');
    expect(response!.headers.get('set-cookie')).toBeNull();
    expect(moveLinkTokenToCookie(request('/confirm-email?token=a.b'))!.headers.get('set-cookie')).toBeNull();
  });

  it('passes on POSTs (the button), pages without link parameters, and other pages', () => {
    expect(moveLinkTokenToCookie(request('/verify?uid=7&token=t', 'POST'))).toBeUndefined();
    expect(moveLinkTokenToCookie(request('/verify?result=ok'))).toBeUndefined();
    expect(moveLinkTokenToCookie(request('/login?token=t'))).toBeUndefined();
  });
});
