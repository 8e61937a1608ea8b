import { describe, expect, it } from 'vitest';
import { canonicalApiPath } from './paths';

describe('canonicalApiPath', () => {
  it('folds the API words in any case to the route folders spelling', () => {
    expect(canonicalApiPath('/api/Users')).toBe('/api/users');
    expect(canonicalApiPath('/API/USERS/LOGIN')).toBe('/api/users/login');
    expect(canonicalApiPath('/api/Users/Logout')).toBe('/api/users/logout');
    expect(canonicalApiPath('/api/Users/ME')).toBe('/api/users/me');
    expect(canonicalApiPath('/api/users/me/accesstokens/COUNT')).toBe('/api/users/me/accessTokens/count');
    expect(canonicalApiPath('/api/Users/Reset-Password')).toBe('/api/users/reset-password');
    expect(canonicalApiPath('/api/Users/FINDONE')).toBe('/api/users/findOne');
    expect(canonicalApiPath('/api/Users/7/Replace')).toBe('/api/users/7/replace');
    expect(canonicalApiPath('/api/Users/ME/OTP/Confirm')).toBe('/api/users/me/otp/confirm');
    expect(canonicalApiPath('/api/users/7/Otp/Recovery-Codes')).toBe('/api/users/7/otp/recovery-codes');
  });

  it('keeps ids and token handles exactly as sent', () => {
    expect(canonicalApiPath('/api/Users/12/accessTokens/AbCdEf')).toBe('/api/users/12/accessTokens/AbCdEf');
    expect(canonicalApiPath('/api/users/SomeId')).toBe('/api/users/SomeId');
  });

  it('keeps a trailing slash and leaves canonical paths alone', () => {
    expect(canonicalApiPath('/api/Users/')).toBe('/api/users/');
    expect(canonicalApiPath('/api/users/login')).toBe('/api/users/login');
  });

  it('leaves paths outside /api/users unchanged', () => {
    expect(canonicalApiPath('/api/Other/Login')).toBe('/api/Other/Login');
    expect(canonicalApiPath('/Users/login')).toBe('/Users/login');
    expect(canonicalApiPath('/')).toBe('/');
    expect(canonicalApiPath('/api')).toBe('/api');
  });
});
