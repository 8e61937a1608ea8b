import { describe, expect, it } from 'vitest';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import { COMMON_PASSWORDS, COMMON_PASSWORDS_COUNT } from './common-passwords-list';
import { checkPasswordPolicy } from './password-policy';

describe('password policy', () => {
  it('refuses the most common passwords and says why', () => {
    for (const password of ['password', 'password1', '12345678', 'qwertyuiop', 'abcdefgh']) {
      const problem = checkPasswordPolicy(password);
      expect(problem, password).toMatchObject({ status: 422, code: 'INVALID_PASSWORD' });
      expect(problem?.message).toMatch(/commonly used/);
    }
  });

  it('refuses passwords built from the email, the username or the product name', () => {
    const context = { email: 'jane.doe@example.com', username: 'janedoe77' };
    for (const password of ['jane.doe@example.com', 'janedoe77!', 'latchkey1', 'Latchkey2024']) {
      const problem = checkPasswordPolicy(password, context);
      expect(problem, password).toMatchObject({ status: 422, code: 'INVALID_PASSWORD' });
      expect(problem?.message).toMatch(/your email, username or the name of this service/);
    }
  });

  it('accepts ordinary passphrases without composition rules', () => {
    for (const password of ['velvet9heron', 'correct horse battery', 'first-password', 'mañana-en-la-playa']) {
      expect(checkPasswordPolicy(password, { email: 'me@domain.com' }), password).toBeNull();
    }
  });
});

describe('the shipped list of common passwords', () => {
  it('refuses the passwords zxcvbn scored above 0, whatever their case, and says why', () => {
    for (const password of ['welcome1', 'mustang1', 'serenity', 'WELCOME1', 'Serenity']) {
      expect(checkPasswordPolicy(password)?.message, password).toMatch(/one of the most commonly used passwords/);
    }
    for (const password of ['Password1!', 'Qwerty123!', 'dragon2024']) {
      expect(checkPasswordPolicy(password)?.message, password).toMatch(/commonly used password with a few digits or symbols added/);
    }
  });

  it('refuses a large sample of the list and zxcvbn’s own 3,000 most common of 8+ characters', () => {
    const listed = COMMON_PASSWORDS.split('\n');
    expect(listed.length).toBe(COMMON_PASSWORDS_COUNT);
    expect(listed.length).toBeGreaterThan(95_000);
    const sample = listed.filter((p, i) => p.length >= 8 && i % 20 === 0);
    const zxcvbnTop = zxcvbnCommon.dictionary['passwords-common'].filter((p) => p.length >= 8).slice(0, 3000);
    expect(sample.length).toBeGreaterThan(1500);
    const passed = [...sample, ...sample.map((p) => p.toUpperCase()), ...zxcvbnTop].filter((p) => checkPasswordPolicy(p) === null);
    expect(passed).toEqual([]);
  });

  it('leaves a listed word with a longer tail to zxcvbn, which accepts an unpredictable one', () => {
    expect(checkPasswordPolicy('dragon-8305-1947')).toBeNull();
  });
});
