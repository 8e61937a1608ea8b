import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { addContentSecurityPolicy } from './content-security-policy';

describe('addContentSecurityPolicy', () => {
  it('gives each request a fresh nonce, in the policy it answers with and hands to Next', () => {
    const first = addContentSecurityPolicy(new NextRequest('http://latchkey.test/login'));
    const second = addContentSecurityPolicy(new NextRequest('http://latchkey.test/login'));
    const policy = first.headers.get('content-security-policy')!;
    const nonce = first.headers.get('x-middleware-request-x-nonce')!;
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(first.headers.get('x-middleware-request-content-security-policy')).toBe(policy);
    expect(first.headers.get('x-middleware-next')).toBe('1');
    expect(second.headers.get('x-middleware-request-x-nonce')).not.toBe(nonce);
  });
});
