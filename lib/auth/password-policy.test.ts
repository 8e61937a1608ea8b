import { describe, expect, it } from 'vitest';
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
    for (const password of ['secret123', 'correct horse battery', 'first-password', 'mañana-en-la-playa']) {
      expect(checkPasswordPolicy(password, { email: 'me@domain.com' }), password).toBeNull();
    }
  });
});
