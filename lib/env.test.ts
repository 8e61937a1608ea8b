import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
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
    expect(parseEnv({ API_EXPLORER: '' }).API_EXPLORER).toBe(true);
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
    ['WEB_CONCURRENCY', '0'],
    ['HASH_THREADS', 'all'],
    ['SHUTDOWN_TIMEOUT', '-1'],
    ['DATABASE_POOL_SIZE', '0'],
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

  describe('sign-in providers', () => {
    const google = {
      OIDC_PROVIDERS: 'google, corp-sso',
      OIDC_GOOGLE_ISSUER: 'https://accounts.google.com',
      OIDC_GOOGLE_CLIENT_ID: 'id-1',
      OIDC_GOOGLE_CLIENT_SECRET: 'secret-1',
      OIDC_GOOGLE_NAME: 'Google',
      OIDC_CORP_SSO_ISSUER: 'https://sso.example.com/realms/corp',
      OIDC_CORP_SSO_CLIENT_ID: 'id-2',
      OIDC_CORP_SSO_CLIENT_SECRET: 'secret-2',
    };

    it('reads each provider named in OIDC_PROVIDERS from its OIDC_<ID>_* settings', () => {
      expect(parseEnv({}).oidcProviders).toEqual([]);
      expect(parseEnv(google).oidcProviders).toEqual([
        { id: 'google', name: 'Google', issuer: 'https://accounts.google.com', clientId: 'id-1', clientSecret: 'secret-1' },
        { id: 'corp-sso', name: 'corp-sso', issuer: 'https://sso.example.com/realms/corp', clientId: 'id-2', clientSecret: 'secret-2' },
      ]);
    });

    it('names the missing or bad variable, never a secret', () => {
      const missing: Record<string, string> = { ...google };
      delete missing.OIDC_CORP_SSO_CLIENT_SECRET;
      expect(() => parseEnv(missing)).toThrow(/OIDC_CORP_SSO_CLIENT_SECRET: is required for provider "corp-sso"/);
      expect(() => parseEnv({ ...google, OIDC_GOOGLE_ISSUER: 'http://accounts.example.com' })).toThrow(/OIDC_GOOGLE_ISSUER: must be an https URL/);
      expect(() => parseEnv({ ...google, OIDC_PROVIDERS: 'Google!' })).toThrow(/OIDC_PROVIDERS/);
      expect(() => parseEnv({ ...google, OIDC_PROVIDERS: 'google,google' })).toThrow(/names a provider twice/);
      expect(() => parseEnv({ OIDC_PROVIDERS: 'github' })).toThrow(/GITHUB_CLIENT_ID/);
      try {
        parseEnv({ ...google, OIDC_GOOGLE_ISSUER: 'ftp://x' });
      } catch (error) {
        expect(String(error)).not.toContain('secret-1');
      }
    });

    it('takes plain http only on a loopback address', () => {
      for (const issuer of ['http://127.0.0.1:9000', 'http://localhost:9000/op', 'http://[::1]:9000']) {
        expect(parseEnv({ ...google, OIDC_GOOGLE_ISSUER: issuer }).oidcProviders[0]?.issuer).toBe(issuer);
      }
      for (const issuer of [
        'http://10.0.0.1',
        'http://localhost.example.com',
        'https://user:pw@sso.example.com',
        'https://sso.example.com/?x=1',
        'not a url',
      ]) {
        expect(() => parseEnv({ ...google, OIDC_GOOGLE_ISSUER: issuer })).toThrow(/OIDC_GOOGLE_ISSUER/);
      }
      expect(() => parseEnv({ GITHUB_BASE_URL: 'http://github.example.com' })).toThrow(/GITHUB_BASE_URL/);
    });

    it('needs both GitHub credentials or neither, and defaults its base URL to github.com', () => {
      expect(parseEnv({}).GITHUB_BASE_URL).toBe('https://github.com');
      expect(() => parseEnv({ GITHUB_CLIENT_ID: 'x' })).toThrow(/GITHUB_CLIENT_SECRET: is required/);
      expect(parseEnv({ GITHUB_CLIENT_ID: 'x', GITHUB_CLIENT_SECRET: 'y', GITHUB_BASE_URL: 'https://github.example.com' })).toMatchObject({
        GITHUB_CLIENT_ID: 'x',
        GITHUB_BASE_URL: 'https://github.example.com',
      });
    });
  });
});

/** The settings lib/env.ts reads: the property names of the object its `schema` is built from. */
function schemaKeys(): string[] {
  const file = path.join(import.meta.dirname, 'env.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  let keys: string[] | undefined;
  const visit = (node: ts.Node): void => {
    if (keys) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const [shape] = node.arguments;
      const zObject = node.expression.name.text === 'object' && node.expression.expression.getText(source) === 'z';
      if (zObject && shape && ts.isObjectLiteralExpression(shape)) {
        keys = shape.properties.map((p) => p.name!.getText(source));
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement) && statement.declarationList.declarations.some((d) => d.name.getText(source) === 'schema'))
      visit(statement);
  }
  if (!keys) throw new Error('no z.object({ … }) in the schema of lib/env.ts');
  return keys;
}

/** `.env.example` as lines: settings (`NAME=value`), settings the tools set (`#NAME=`), and comments. */
function exampleLines() {
  const lines = readFileSync(path.join(import.meta.dirname, '..', '.env.example'), 'utf8').split('\n');
  return lines.map((line, i) => {
    const setting = /^(#?)([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    return { line, previous: lines[i - 1] ?? '', setting: setting && { name: setting[2]!, value: setting[3]!, toolsSet: setting[1] === '#' } };
  });
}

describe('.env.example and the README', () => {
  // Read by next.config.ts, not lib/env.ts: where `next build` puts the build.
  const outsideEnv = ['NEXT_DIST_DIR'];

  it('name every setting lib/env.ts reads, and no other', () => {
    const keys = schemaKeys();
    expect(keys.length).toBeGreaterThan(40);
    const named = exampleLines().flatMap(({ setting }) => (setting ? [setting.name] : []));
    expect(new Set(named).size).toBe(named.length);
    expect([...named].sort()).toEqual([...keys, ...outsideEnv].sort());
    expect(readFileSync(path.join(import.meta.dirname, '..', 'next.config.ts'), 'utf8')).toContain('process.env.NEXT_DIST_DIR');
  });

  it('explain each setting in a comment just above it', () => {
    for (const { setting, previous } of exampleLines()) {
      if (setting) expect(previous, setting.name).toMatch(/^# \S/);
    }
  });

  it('give the defaults lib/env.ts has', () => {
    const values = Object.fromEntries(exampleLines().flatMap(({ setting }) => (setting && !setting.toolsSet ? [[setting.name, setting.value]] : [])));
    expect(parseEnv(values)).toEqual(parseEnv({}));
  });

  it('list every setting in the README settings table', () => {
    const readme = readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Settings'), readme.indexOf('\n## ', readme.indexOf('## Settings') + 1));
    const listed = new Set([...section.matchAll(/^\|(.*?)\|/gm)].flatMap(([, cell]) => [...cell!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1])));
    for (const key of [...schemaKeys(), ...outsideEnv]) expect(listed, key).toContain(key);
  });
});
