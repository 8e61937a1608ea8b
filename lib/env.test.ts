import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

describe('parseEnv', () => {
  it('gives the spec defaults for an empty environment', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      TOKEN_TTL: 1209600,
      MAX_TTL: 2592000,
      ALLOW_ETERNAL_TOKENS: false,
      RESET_TOKEN_TTL: 900,
      BCRYPT_COST: 10,
      PASSWORD_MIN_LENGTH: 8,
      APP_URL: 'http://localhost:3000',
      PGLITE_DIR: '.data/pglite',
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SESSION_SECRET).toBeUndefined();
  });

  it('points APP_URL at the port the dev server listens on', () => {
    expect(parseEnv({ PORT: '3370' }).APP_URL).toBe('http://localhost:3370');
    expect(parseEnv({ NODE_ENV: 'test', PORT: '4100' }).APP_URL).toBe('http://localhost:4100');
    expect(parseEnv({ PORT: '3370', APP_URL: 'https://accounts.example.com' }).APP_URL).toBe('https://accounts.example.com');
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT: must be a whole number/);
  });

  it('requires APP_URL in production, whatever PORT says, but not while building', () => {
    const secret = 'x'.repeat(32);
    expect(() => parseEnv({ NODE_ENV: 'production', SESSION_SECRET: secret, PORT: '8080' })).toThrow(/APP_URL: is required in production/);
    expect(parseEnv({ NODE_ENV: 'production', SESSION_SECRET: secret, PORT: '8080', APP_URL: 'https://a.example.com' }).APP_URL).toBe(
      'https://a.example.com',
    );
    expect(() => parseEnv({ NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' })).not.toThrow();
  });

  it('serves the API explorer outside production, and in production only when asked', () => {
    const prod = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), APP_URL: 'https://a.example.com' };
    expect(parseEnv({}).API_EXPLORER).toBe(true);
    expect(parseEnv({ NODE_ENV: 'test' }).API_EXPLORER).toBe(true);
    expect(parseEnv({ API_EXPLORER: 'false' }).API_EXPLORER).toBe(false);
    expect(parseEnv(prod).API_EXPLORER).toBe(false);
    expect(parseEnv({ ...prod, API_EXPLORER: '' }).API_EXPLORER).toBe(false);
    expect(parseEnv({ ...prod, API_EXPLORER: 'true' }).API_EXPLORER).toBe(true);
    expect(() => parseEnv({ API_EXPLORER: 'sometimes' })).toThrow(/API_EXPLORER/);
  });

  it('treats empty strings as unset', () => {
    const env = parseEnv({ TOKEN_TTL: '', DATABASE_URL: '', ALLOW_ETERNAL_TOKENS: '' });
    expect(env).toMatchObject({ TOKEN_TTL: 1209600, ALLOW_ETERNAL_TOKENS: false });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('reads numbers, booleans and URLs', () => {
    const env = parseEnv({
      TOKEN_TTL: '60',
      MAX_TTL: '120',
      ALLOW_ETERNAL_TOKENS: 'true',
      BCRYPT_COST: '12',
      DATABASE_URL: 'postgres://u@localhost:5432/db',
    });
    expect(env).toMatchObject({ TOKEN_TTL: 60, MAX_TTL: 120, ALLOW_ETERNAL_TOKENS: true, BCRYPT_COST: 12 });
    expect(parseEnv({ ALLOW_ETERNAL_TOKENS: '0' }).ALLOW_ETERNAL_TOKENS).toBe(false);
  });

  it.each([
    ['TOKEN_TTL', 'two weeks'],
    ['TOKEN_TTL', '0'],
    ['MAX_TTL', '1.5'],
    ['BCRYPT_COST', '3'],
    ['BCRYPT_COST', '32'],
    ['PASSWORD_MIN_LENGTH', '100'],
    ['RESET_TOKEN_TTL', '-1'],
    ['ALLOW_ETERNAL_TOKENS', 'maybe'],
    ['APP_URL', 'not a url'],
    ['DATABASE_URL', 'localhost'],
    ['SESSION_SECRET', 'short'],
    ['NODE_ENV', 'staging'],
  ])('stops on a bad %s (%j) with a message naming it', (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(`^Invalid environment configuration:\\n.*\\b${name}: `));
  });

  it('refuses a MAX_TTL below TOKEN_TTL, naming MAX_TTL', () => {
    expect(() => parseEnv({ TOKEN_TTL: '600', MAX_TTL: '60' })).toThrow(/MAX_TTL: must be at least TOKEN_TTL \(600\)/);
  });

  it('names every bad variable at once', () => {
    expect(() => parseEnv({ TOKEN_TTL: 'x', BCRYPT_COST: 'y' })).toThrow(/TOKEN_TTL: [^\n]+\n\s+BCRYPT_COST: /);
  });

  it('defaults the session cap and idle timeout, and refuses an idle timeout finer than last-use tracking', () => {
    expect(parseEnv({})).toMatchObject({ MAX_SESSIONS_PER_USER: 50, SESSION_IDLE_TIMEOUT: 604800 });
    expect(parseEnv({ SESSION_IDLE_TIMEOUT: '0' }).SESSION_IDLE_TIMEOUT).toBe(0);
    expect(() => parseEnv({ SESSION_IDLE_TIMEOUT: '120' })).toThrow(/SESSION_IDLE_TIMEOUT: must be 0 \(off\) or at least 300 seconds/);
    expect(() => parseEnv({ MAX_SESSIONS_PER_USER: '0' })).toThrow(/MAX_SESSIONS_PER_USER/);
  });
});
