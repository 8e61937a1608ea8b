import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { refuseMalformedAction } from './refuse-malformed-action';

const ACTION = '6010fa22ae4be5ff5588b068e400b046adb57108d2';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

const call = (body: BodyInit, headers: Record<string, string> = {}, path = '/signup') =>
  new NextRequest(`http://latchkey.test${path}`, { method: 'POST', headers: { 'next-action': ACTION, ...headers }, body });

const formPost = (body: BodyInit, headers: Record<string, string> = {}) =>
  new NextRequest('http://latchkey.test/signup', { method: 'POST', headers, body });

async function expectRefused(request: NextRequest) {
  const response = await refuseMalformedAction(request);
  expect(response?.status).toBe(400);
  expect(response?.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  expect(await response?.text()).toBe('The form submission could not be read.\n');
}

describe('refuseMalformedAction', () => {
  it('passes what the forms send, with JavaScript and without', async () => {
    // As React encodes `[prevState, formData]` for a form with useActionState.
    expect(
      await refuseMalformedAction(call(form({ '0': '[{"status":"error","message":"$$5 off"},"$K1"]', _1_email: 'a@example.com' }))),
    ).toBeUndefined();
    expect(
      await refuseMalformedAction(call('["$undefined",1,"$D2026-01-01T00:00:00.000Z"]', { 'content-type': 'text/plain;charset=UTF-8' })),
    ).toBeUndefined();
    const noScript = form({
      $ACTION_REF_1: '',
      '$ACTION_1:0': JSON.stringify({ id: ACTION, bound: '$@1' }),
      '$ACTION_1:1': '[{"status":"idle"}]',
      $ACTION_KEY: 'k1',
      email: 'a@example.com',
    });
    expect(await refuseMalformedAction(formPost(noScript))).toBeUndefined();
    expect(await refuseMalformedAction(formPost(form({ [`$ACTION_ID_${ACTION}`]: '', email: 'a@example.com' })))).toBeUndefined();
  });

  it('leaves other requests alone: GETs, the API, and posts that are not forms', async () => {
    expect(await refuseMalformedAction(new NextRequest('http://latchkey.test/signup', { headers: { 'next-action': ACTION } }))).toBeUndefined();
    expect(await refuseMalformedAction(call('{bad', { 'content-type': 'application/json' }, '/api/users'))).toBeUndefined();
    expect(await refuseMalformedAction(formPost('{"email":"a"}', { 'content-type': 'application/json' }))).toBeUndefined();
  });

  // Each of these was a bare 500 from Next's decoder.
  it('refuses an action call whose arguments cannot be decoded', async () => {
    for (const root of [
      '[{"status":"idle"},"$K1"',
      '{}',
      '"x"',
      '["$h1"]',
      '["$Q1"]',
      '["$@1"]',
      '[{"a":"$F1"}]',
      `${'['.repeat(200)}${']'.repeat(200)}`,
    ]) {
      await expectRefused(call(form({ '0': root })));
      await expectRefused(call(root, { 'content-type': 'text/plain' }));
    }
    await expectRefused(call(form({ x: '1' })));
    await expectRefused(call('[{},{}]', { 'content-type': 'application/json' }));
    await expectRefused(call('0=%5B%5D', { 'content-type': 'application/x-www-form-urlencoded' }));
    await expectRefused(call('--nope\r\n', { 'content-type': 'multipart/form-data; boundary=xyz' }));
  });

  it('refuses a form post whose action reference is broken', async () => {
    await expectRefused(formPost(form({ $ACTION_REF_1: '', '$ACTION_1:0': '{bad' })));
    await expectRefused(formPost(form({ $ACTION_REF_1: '', '$ACTION_1:0': JSON.stringify({ id: ACTION, bound: '$@1' }) })));
    await expectRefused(formPost(form({ $ACTION_REF_1: '', '$ACTION_1:0': JSON.stringify({ id: ACTION, bound: '$@1' }), '$ACTION_1:1': '["$h2"]' })));
    await expectRefused(formPost(form({ $ACTION_REF_x: '' })));
  });
});
