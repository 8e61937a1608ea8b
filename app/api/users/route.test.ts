import { describe, expect, it } from 'vitest';
import { DELETE, GET, PATCH, POST, PUT } from './route';
import { call } from '@/test/http';
import { expectAuthorizationRequired, expectError, expectValidation, HUGE_JSON, storedUser, tokenCount, userCount } from '@/test/accounts';

const signUp = (body: unknown) => call(POST, 'POST', '/api/users', { body });

/** Runs a request that must be refused, and checks that no user row appeared. */
async function refused(request: () => ReturnType<typeof call>) {
  const before = await userCount();
  const answer = await request();
  expect(await userCount()).toBe(before);
  return answer;
}

describe('POST /api/users (sign up)', () => {
  it('creates the user and answers with the user JSON, never the password', async () => {
    const answer = await signUp({ email: 'Ada@Example.com ', password: 'velvet9heron' });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json)).toEqual(['email', 'emailVerified', 'id']);
    expect(answer.json).toEqual({ email: 'ada@example.com', emailVerified: false, id: expect.any(Number) });
    expect(answer.text).not.toMatch(/velvet9heron|password|\$2[aby]\$/);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const row = await storedUser(answer.json.id);
    expect(row?.email).toBe('ada@example.com');
    expect(row?.passwordHash).toMatch(/^\$2[aby]\$04\$/);
    expect(await tokenCount(answer.json.id)).toBe(0);
  });

  it('includes username when given, in LoopBack key order', async () => {
    const answer = await signUp({ email: 'bob@example.com', password: 'velvet9heron', username: 'bob' });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json)).toEqual(['email', 'username', 'emailVerified', 'id']);
    expect(answer.json.username).toBe('bob');
  });

  it('accepts a urlencoded form', async () => {
    const answer = await call(POST, 'POST', '/api/users', {
      raw: 'email=form%40example.com&password=velvet9heron',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(answer.status).toBe(200);
    expect(answer.json.email).toBe('form@example.com');
  });

  it('refuses a taken email, in any case, with 422 uniqueness', async () => {
    await signUp({ email: 'taken@example.com', password: 'velvet9heron' });
    const answer = await refused(() => signUp({ email: 'TAKEN@example.com', password: 'velvet9heron' }));
    expectValidation(answer, { email: ['uniqueness'] });
    expect(answer.json.error.message).toBe('The `User` instance is not valid. Details: `email` Email already exists (value: "taken@example.com").');
    expect(answer.json.error.details.messages).toEqual({ email: ['Email already exists'] });
  });

  it('refuses a taken username with 422 "User already exists"', async () => {
    await signUp({ email: 'u1@example.com', password: 'velvet9heron', username: 'sameName' });
    const answer = await refused(() => signUp({ email: 'u2@example.com', password: 'velvet9heron', username: 'sameName' }));
    expectValidation(answer, { username: ['uniqueness'] });
    expect(answer.json.error.details.messages).toEqual({ username: ['User already exists'] });
  });

  it('refuses a missing email with presence, as LoopBack words it', async () => {
    const answer = await refused(() => signUp({ password: 'velvet9heron' }));
    expectValidation(answer, { email: ['presence'] });
    expect(answer.json.error.message).toBe("The `User` instance is not valid. Details: `email` can't be blank (value: undefined).");
  });

  it('refuses an invalid email with custom.email', async () => {
    const answer = await refused(() => signUp({ email: 'bad', password: 'velvet9heron' }));
    expectValidation(answer, { email: ['custom.email'] });
    expect(answer.json.error.message).toBe('The `User` instance is not valid. Details: `email` is invalid (value: "bad").');
  });

  it('refuses a missing password with presence', async () => {
    const answer = await refused(() => signUp({ email: 'nopass@example.com' }));
    expectValidation(answer, { password: ['presence'] });
    expect(answer.json.error.message).toBe("The `User` instance is not valid. Details: `password` can't be blank (value: undefined).");
  });

  it('refuses an empty password with INVALID_PASSWORD', async () => {
    expectError(await refused(() => signUp({ email: 'empty@example.com', password: '' })), 422, 'Invalid password.', 'INVALID_PASSWORD');
  });

  it('refuses a password that is not a string with INVALID_PASSWORD', async () => {
    for (const password of [12345678, true, ['velvet9heron'], { $ne: null }]) {
      expectError(await refused(() => signUp({ email: 'typed@example.com', password })), 422, 'Invalid password.', 'INVALID_PASSWORD');
    }
  });

  it('refuses a password shorter than the minimum, saying the minimum', async () => {
    const answer = await refused(() => signUp({ email: 'short@example.com', password: 'short' }));
    expectError(answer, 422, /at least 8 characters/, 'INVALID_PASSWORD');
  });

  it('refuses a password over 72 UTF-8 bytes, saying how many were entered', async () => {
    const answer = await refused(() => signUp({ email: 'long@example.com', password: 'é'.repeat(37) }));
    expectError(answer, 422, 'The password entered was too long. Max length is 72 (entered 74)', 'PASSWORD_TOO_LONG');
  });

  it('stores a password that looks like a bcrypt hash as a password', async () => {
    const lookalike = '$2a$04$abcdefghijklmnopqrstuuVG8Ls0tJ6C3xMZh2H1N1pZ0eX0a4jW';
    const answer = await signUp({ email: 'hashlike@example.com', password: lookalike });
    expect(answer.status).toBe(200);
    const row = await storedUser(answer.json.id);
    expect(row?.passwordHash).not.toBe(lookalike);
  });

  it('refuses a client-supplied id with absence', async () => {
    const answer = await refused(() => signUp({ id: 5, email: 'withid@example.com', password: 'velvet9heron' }));
    expectValidation(answer, { id: ['absence'] });
    expect(answer.json.error.message).toBe("The `User` instance is not valid. Details: `id` can't be set (value: 5).");
  });

  it('ignores server-owned fields', async () => {
    const answer = await signUp({
      email: 'owned@example.com',
      password: 'velvet9heron',
      emailVerified: true,
      verificationToken: 'abc',
    });
    expect(answer.status).toBe(200);
    expect(answer.json.emailVerified).toBe(false);
    expect((await storedUser(answer.json.id))?.emailVerified).toBe(false);
  });

  it('names unknown properties in a 422 instead of dropping them', async () => {
    const answer = await refused(() => signUp({ email: 'extra@example.com', password: 'velvet9heron', isAdmin: true }));
    expectValidation(answer, { isAdmin: ['unknown-property'] });
    expect(answer.json.error.message).toContain('`isAdmin`');
  });

  it('names unknown properties that share a name with Object.prototype members', async () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      const answer = await refused(() =>
        call(POST, 'POST', '/api/users', { raw: `{"email":"proto@example.com","password":"velvet9heron",${JSON.stringify(key)}:1}` }),
      );
      expectValidation(answer, { [key]: ['unknown-property'] });
    }
  });

  it('refuses wrong types with 422, never a 500', async () => {
    expectValidation(await refused(() => signUp({ email: 42, password: 'velvet9heron' })), { email: ['custom.email'] });
    expectValidation(await refused(() => signUp({ email: ['a@b.com'], password: 'velvet9heron' })), { email: ['custom.email'] });
    expectValidation(await refused(() => signUp({ email: 'types@example.com', password: 'velvet9heron', username: 7 })), {
      username: ['custom.username'],
    });
    const realm = await refused(() => signUp({ email: 'types@example.com', password: 'velvet9heron', realm: {} }));
    expect([400, 422]).toContain(realm.status);
    expect(realm.json.error.statusCode).toBe(realm.status);
  });

  it('refuses operator and SQL injection in email and changes nothing', async () => {
    await signUp({ email: 'victim@example.com', password: 'velvet9heron' });
    for (const email of [{ $ne: null }, { $gt: '' }, "' or 1=1 --", "victim@example.com' --", 'a@b.com; drop table users']) {
      expectValidation(await refused(() => signUp({ email, password: 'velvet9heron' })), { email: ['custom.email'] });
    }
  });

  it('refuses an array, a string or null body with 400 "Value is not an object."', async () => {
    for (const raw of ['[{"email":"arr@example.com","password":"velvet9heron"}]', '"a@b.com"', 'null', '7']) {
      expectError(await refused(() => call(POST, 'POST', '/api/users', { raw })), 400, 'Value is not an object.');
    }
  });

  it('refuses malformed JSON with 400, without echoing the body', async () => {
    const answer = await refused(() => call(POST, 'POST', '/api/users', { raw: '{"email":"x@y.com","password":"hunter2secret"' }));
    expectError(answer, 400, /JSON/, undefined, 'SyntaxError');
    expect(answer.text).not.toContain('hunter2secret');
  });

  it('refuses a 200 kB body with 413', async () => {
    const answer = await refused(() => call(POST, 'POST', '/api/users', { raw: HUGE_JSON }));
    expectError(answer, 413, 'request entity too large', undefined, 'PayloadTooLargeError');
  });

  it('ignores a stale or unknown token instead of failing the request', async () => {
    const answer = await call(POST, 'POST', '/api/users?access_token=unknown', {
      body: { email: 'stale@example.com', password: 'velvet9heron' },
      token: 'nonsense',
    });
    expect(answer.status).toBe(200);
  });
});

describe('the other verbs on /api/users', () => {
  it('GET (find), PATCH (updateAll) and PUT (replaceOrCreate) are 401, changing nothing', async () => {
    const before = await userCount();
    expectAuthorizationRequired(await call(GET, 'GET', '/api/users'));
    expectAuthorizationRequired(await call(PATCH, 'PATCH', '/api/users', { body: { emailVerified: true } }));
    expectAuthorizationRequired(await call(PUT, 'PUT', '/api/users', { body: { email: 'put@example.com', password: 'velvet9heron' } }));
    expect(await userCount()).toBe(before);
  });

  it("DELETE is LoopBack's JSON 404, not a bare 405", async () => {
    const answer = await call(DELETE, 'DELETE', '/api/users');
    expectError(answer, 404, 'Shared class "User" has no method handling DELETE /');
  });
});

describe('uniqueness is enforced by the database', () => {
  it('two concurrent sign-ups with the same email: exactly one 200 and one 422', async () => {
    const before = await userCount();
    const answers = await Promise.all([
      signUp({ email: 'race@example.com', password: 'velvet9heron' }),
      signUp({ email: 'race@example.com', password: 'velvet9heron' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 422]);
    expectValidation(
      answers.find((a) => a.status === 422)!,
      { email: ['uniqueness'] },
    );
    expect(await userCount()).toBe(before + 1);
  });

  it('many concurrent sign-ups with one email in different cases: one winner, the rest 422, never a 500', async () => {
    const before = await userCount();
    const spellings = ['crowd@example.com', 'CROWD@example.com', 'Crowd@Example.com', ' crowd@example.com', 'crowd@EXAMPLE.COM', 'cRoWd@example.com'];
    const answers = await Promise.all(spellings.map((email) => signUp({ email, password: 'velvet9heron' })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const answer of answers.filter((a) => a.status !== 200)) expectValidation(answer, { email: ['uniqueness'] });
    expect(await userCount()).toBe(before + 1);
  });

  it('concurrent sign-ups with one username: one winner, the rest 422 "User already exists"', async () => {
    const answers = await Promise.all(
      [1, 2, 3, 4].map((n) => signUp({ email: `same-name-${n}@example.com`, password: 'velvet9heron', username: 'racedName' })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const answer of answers.filter((a) => a.status !== 200)) {
      expectValidation(answer, { username: ['uniqueness'] });
      expect(answer.json.error.details.messages).toEqual({ username: ['User already exists'] });
    }
  });
});
