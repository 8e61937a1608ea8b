import { describe, expect, it } from 'vitest';
import { readFields } from './form-state';

describe('readFields', () => {
  it('reads text fields; a missing, file or NUL-bearing one reads as empty', () => {
    const form = new FormData();
    form.append('email', 'a@example.com');
    form.append('file', new Blob(['x']));
    form.append('nul', 'a\u0000b');
    expect(readFields(form, ['email', 'file', 'nul', 'missing'])).toEqual({ email: 'a@example.com', file: '', nul: '', missing: '' });
  });

  // A hand-made action call decoded to something else where the form sends its FormData: it
  // used to throw, and the action answered 500.
  it('reads anything that is not a FormData as an empty form', () => {
    for (const notAForm of [
      undefined,
      null,
      'email=a@example.com',
      { email: 'a@example.com' },
      new Map([['email', 'a@example.com']]),
      [['email', 'x']],
    ]) {
      expect(readFields(notAForm, ['email'])).toEqual({ email: '' });
    }
  });
});
