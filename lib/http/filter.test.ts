import { describe, expect, it } from 'vitest';
import { applyFilter, readFilter } from './filter';

const user = { email: 'a@b.com', username: 'al', emailVerified: false, id: 1 };

function filtered(query: string) {
  const read = readFilter(new Request(`http://latchkey.test/api/users/1${query}`));
  if (!read.ok) return read.error;
  return applyFilter(user, read.filter);
}

const q = (filter: string) => `?filter=${encodeURIComponent(filter)}`;

describe('readFilter', () => {
  it('keeps everything without a filter, or with an empty or null one', () => {
    for (const query of ['', '?filter=', q('null'), q('{}'), q('{"where":{"id":2},"limit":1,"include":"accessTokens"}')]) {
      expect(filtered(query), query).toEqual(user);
    }
  });

  it('keeps the named fields, as an array, a string or an object of trues, in the model order', () => {
    expect(filtered(q('{"fields":["id","email"]}'))).toEqual({ email: 'a@b.com', id: 1 });
    expect(Object.keys(filtered(q('{"fields":["id","email"]}')))).toEqual(['email', 'id']);
    expect(filtered(q('{"fields":"email"}'))).toEqual({ email: 'a@b.com' });
    expect(filtered(q('{"fields":{"email":true,"username":false}}'))).toEqual({ email: 'a@b.com' });
  });

  it('drops the fields set to false when none is true', () => {
    expect(filtered(q('{"fields":{"email":false}}'))).toEqual({ username: 'al', emailVerified: false, id: 1 });
  });

  it('never brings back a property the object does not have (the password stays hidden)', () => {
    expect(filtered(q('{"fields":{"password":true}}'))).toEqual({});
    expect(filtered(q('{"fields":["nope"]}'))).toEqual({});
  });

  it("reads qs's bracket form", () => {
    expect(filtered('?filter[fields][email]=true')).toEqual({ email: 'a@b.com' });
    expect(filtered('?filter[fields]=email&filter[fields]=id')).toEqual({ email: 'a@b.com', id: 1 });
    expect(filtered('?filter[fields][0]=username')).toEqual({ username: 'al' });
    expect(filtered('?filter[where][id]=2')).toEqual(user);
  });

  it("answers LoopBack's 400 for a filter that is not a JSON object", () => {
    for (const filter of ['{bad', '[1]', '"x"', '5', 'true']) {
      expect(filtered(q(filter)), filter).toEqual({ status: 400, name: 'Error', message: 'Value is not an object.' });
    }
  });
});
