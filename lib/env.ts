import { z } from 'zod';

/**
 * Every setting Latchkey reads, validated once. This is the only module that reads `process.env`;
 * a bad value stops start-up with a message naming the variable.
 */

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', '']).transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.string().url('must be a URL').optional());

/** A provider id: the path segment of /auth/<id>, and <ID> in its OIDC_<ID>_* settings. */
const PROVIDER_ID = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Provider addresses must be https. Plain http is accepted only on a loopback address, where
 * nothing crosses a network (a provider run on the same machine, as the tests do); anywhere else
 * a client secret and codes would travel in clear.
 */
function isProviderUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  } catch {
    return false;
  }
}

/** One configured OpenID Connect provider. */
export interface OidcProviderSettings {
  id: string;
  /** The button label ("Continue with <name>"). */
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** The OIDC_<ID>_* variables of every id in OIDC_PROVIDERS; problems are named by variable. */
function readOidcProviders(ids: string[], source: Record<string, string | undefined>, issues: string[]): OidcProviderSettings[] {
  return ids.map((id) => {
    const prefix = `OIDC_${id.toUpperCase().replaceAll('-', '_')}_`;
    const value = (suffix: string) => {
      const v = source[prefix + suffix];
      if (v === undefined) issues.push(`  ${prefix}${suffix}: is required for provider "${id}" (named in OIDC_PROVIDERS)`);
      return v ?? '';
    };
    const issuer = value('ISSUER');
    if (issuer !== '' && !isProviderUrl(issuer)) {
      issues.push(`  ${prefix}ISSUER: must be an https URL (http only on a loopback address), such as https://accounts.google.com`);
    }
    const name = source[`${prefix}NAME`]?.trim().slice(0, 40) || id;
    return { id, name, issuer, clientId: value('CLIENT_ID'), clientSecret: value('CLIENT_SECRET') };
  });
}

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** Access-token lifetime in seconds when the client does not ask for one (two weeks). */
    TOKEN_TTL: int(1, 2 ** 31 - 1).default(1209600),
    /** Longest lifetime a client may ask for; longer requests are clamped (30 days). */
    MAX_TTL: int(1, 2 ** 31 - 1).default(2592000),
    /** Whether `ttl: -1` (a token that never expires) is honoured. */
    ALLOW_ETERNAL_TOKENS: bool.default(false),
    /**
     * Live sessions one user may hold; a login beyond it ends the least recently used ones (the
     * login itself is never refused).
     */
    MAX_SESSIONS_PER_USER: int(1, 100000).default(50),
    /**
     * A browser session unused for this many seconds ends (7 days); 0 turns it off. REST tokens
     * keep their ttl. At least 300: last use is recorded once a minute.
     */
    SESSION_IDLE_TIMEOUT: int(0, 2 ** 31 - 1).default(604800),
    /** Lifetime of a password-reset token in seconds (15 minutes). */
    RESET_TOKEN_TTL: int(60, 86400).default(900),
    BCRYPT_COST: int(4, 15).default(10),
    PASSWORD_MIN_LENGTH: int(1, 72).default(8),
    /**
     * Public base URL; every link in an email is built from it, never from a request's Host.
     * Required in production; in development and tests it defaults to `http://localhost:$PORT`.
     */
    APP_URL: z.string().url('must be an absolute URL such as https://accounts.example.com').optional(),
    /** The port server.mjs listens on; only read here to default APP_URL outside production. */
    PORT: int(1, 65535).default(3000),
    /** The address server.mjs listens on (server.mjs reads it; listed here to be validated and documented). */
    HOST: z.string().min(1).default('0.0.0.0'),
    /**
     * Processes server.mjs serves with (node:cluster). Unset: one per core. Read by server.mjs,
     * which cannot import this module; validated here as well, in each process it starts.
     */
    WEB_CONCURRENCY: int(1, 256).optional(),
    /**
     * bcrypt worker threads per process. Unset: the cores divided among the processes, at least
     * one (server.mjs passes each process its share).
     */
    HASH_THREADS: int(1, 256).optional(),
    /** Seconds server.mjs lets requests in flight finish on SIGTERM before it closes them, and then the work they left for after their answer. */
    SHUTDOWN_TIMEOUT: int(0, 3600).default(10),
    /** PostgreSQL connection string. Unset: embedded PGlite under PGLITE_DIR. */
    DATABASE_URL: optionalUrl,
    /** PostgreSQL connections each process may open; every process of every instance has its own pool. */
    DATABASE_POOL_SIZE: int(1, 1000).default(10),
    PGLITE_DIR: z.string().min(1).default('.data/pglite'),
    /** Seconds to wait for a PostgreSQL connection to open; past that the request answers 503. */
    DATABASE_CONNECT_TIMEOUT: int(1, 300).default(5),
    /** PostgreSQL's statement_timeout for the app's queries, in milliseconds (0: none); migrations are not bounded. */
    DATABASE_STATEMENT_TIMEOUT_MS: int(0, 3_600_000).default(10_000),
    /**
     * Seals the browser session cookie; 32+ characters. Required when a production server starts;
     * in development one is generated into .data/ (see lib/session.ts).
     */
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** Set by Next itself; `phase-production-build` while `next build` runs. */
    NEXT_PHASE: z.string().optional(),
    /** SMTP server URL (smtp:// or smtps://, credentials in the URL). Unset: the file outbox. */
    SMTP_URL: optionalUrl,
    MAIL_FROM: z.string().min(3).default('Latchkey <no-reply@localhost>'),
    OUTBOX_DIR: z.string().min(1).default('.data/outbox'),
    /** Seconds between the mail sender's looks at the outbox when nothing woke it (new mail wakes it at once). */
    MAIL_POLL_INTERVAL: int(1, 3600).default(5),
    /** Seconds before the first retry of a failed send; doubles per failure (jittered), up to 15 minutes. */
    MAIL_RETRY_DELAY: int(1, 3600).default(5),
    /** Seconds after a message was queued past which a failed send is final: the row is marked failed, with why. */
    MAIL_GIVE_UP_AFTER: int(60, 30 * 86400).default(86400),

    /**
     * The request header that holds the client's address when Latchkey runs behind a proxy
     * (`x-forwarded-for`: its last entry; `x-real-ip`, `cf-connecting-ip`: the whole value).
     * Unset: the socket's address; forwarded headers are ignored, as anyone can send them.
     */
    TRUST_PROXY: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, 'must be a header name such as x-forwarded-for')
      .transform((v) => v.toLowerCase())
      .optional(),
    /** Set by server.mjs for its own process: proves the socket-address header came from it. */
    LATCHKEY_PEER_KEY: z.string().min(16).optional(),
    /** Failed logins per account (known or not) before backoff starts; then 1 s, 2 s, 4 s … up to LOGIN_BACKOFF_MAX. */
    LOGIN_FREE_ATTEMPTS: int(1, 100).default(5),
    LOGIN_BACKOFF_MAX: int(1, 86400).default(900),
    /** Failed logins from one source address per LOGIN_SOURCE_WINDOW seconds (password spraying). */
    LOGIN_SOURCE_LIMIT: int(1, 100000).default(20),
    LOGIN_SOURCE_WINDOW: int(1, 86400).default(600),
    /** Logins (and password changes) one source may have in flight at once in this process; more are 429 at once. */
    LOGIN_SOURCE_CONCURRENCY: int(1, 10000).default(8),
    /** Password checks that may wait for a hashing worker; past that, 503 with Retry-After instead of an ever longer wait. */
    HASH_QUEUE_LIMIT: int(1, 100000).default(64),
    /** Reset requests per address and per source per RESET_REQUEST_WINDOW seconds. */
    RESET_ACCOUNT_LIMIT: int(1, 1000).default(3),
    RESET_SOURCE_LIMIT: int(1, 100000).default(10),
    RESET_REQUEST_WINDOW: int(1, 86400).default(3600),
    /** Wrong reset or verification tokens from one source per TOKEN_FAILURE_WINDOW seconds. */
    TOKEN_FAILURE_LIMIT: int(1, 100000).default(10),
    TOKEN_FAILURE_WINDOW: int(1, 86400).default(900),
    /** Sign-ups per source per SIGNUP_WINDOW seconds. */
    SIGNUP_SOURCE_LIMIT: int(1, 100000).default(10),
    SIGNUP_WINDOW: int(1, 86400).default(3600),
    /** Test-only: multiplies every limit above, so suites that are not about throttling are not throttled. */
    THROTTLE_MULTIPLIER: int(1, 100000).default(1),
    /** How often expired tokens and stale throttling rows are swept, in seconds. */
    SWEEP_INTERVAL: int(10, 86400).default(3600),

    /** Refuse login until the address is verified. */
    EMAIL_VERIFICATION_REQUIRED: bool.default(false),
    /** Lifetime of an email-verification link in seconds (24 hours). */
    VERIFY_TOKEN_TTL: int(60, 30 * 86400).default(86400),
    /** Seconds the browser's "Send a new link" waits between two links for one account; 0 turns the pause off. */
    VERIFY_RESEND_COOLDOWN: int(0, 3600).default(60),
    /** Partition users into realms: login and sign-up need a realm. */
    REALM_REQUIRED: bool.default(false),
    /** Lets `realm<delimiter>name` in email or username carry the realm, e.g. `:`. */
    REALM_DELIMITER: z.string().min(1).max(8).optional(),
    /** Refuse new passwords found in breaches, asking a Pwned Passwords range API (k-anonymity). */
    BREACHED_PASSWORD_CHECK: bool.default(false),
    /** The range API's base URL; the first 5 hex characters of the password's SHA-1 are appended. */
    BREACHED_PASSWORD_API_URL: z
      .string()
      .default('https://api.pwnedpasswords.com/range/')
      .refine((v) => {
        try {
          const url = new URL(v);
          return (url.protocol === 'https:' || url.protocol === 'http:') && v.endsWith('/') && url.search === '' && url.hash === '';
        } catch {
          return false;
        }
      }, 'must be an http(s) URL ending in / such as https://api.pwnedpasswords.com/range/'),
    /** How long a sign-up, reset or change waits for the range API before going on without it. */
    BREACHED_PASSWORD_TIMEOUT_MS: int(50, 10000).default(1500),
    /**
     * Whether `/explorer` (the interactive API explorer) is served. Unset or empty: on outside
     * production, off in production (docs/decisions/024). `GET /api/openapi.json` is served either way.
     */
    API_EXPLORER: bool.optional(),
    /**
     * Whether a login through a third-party provider also asks for the account's two-factor code.
     * Off: the provider's own sign-in stands in for the second factor (docs/decisions/023).
     */
    TWO_FACTOR_THIRD_PARTY_LOGIN: bool.default(false),
    /** OpenID Connect providers people may sign in with: comma-separated ids; each needs OIDC_<ID>_* settings. */
    OIDC_PROVIDERS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.string().regex(PROVIDER_ID, 'must be ids of lower-case letters, digits and dashes, such as google,corp-sso'))
          .refine((ids) => new Set(ids).size === ids.length, 'names a provider twice')
          .refine(
            (ids) => !ids.includes('github'),
            '`github` is the built-in GitHub provider: set GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET instead',
          ),
      ),
    /** GitHub (OAuth 2.0) sign-in: both or neither. */
    GITHUB_CLIENT_ID: z.string().min(1).optional(),
    GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
    /** GitHub's web address; a GitHub Enterprise Server's (its API is then at <base>/api/v3). */
    GITHUB_BASE_URL: z
      .string()
      .default('https://github.com')
      .refine(isProviderUrl, 'must be an https URL (http only on a loopback address), such as https://github.example.com'),
    /** Origins besides APP_URL that `GET /confirm?redirect=` may send people to, comma-separated. */
    REDIRECT_ALLOWED_ORIGINS: z
      .string()
      .default('')
      .transform((v, ctx) => {
        const origins: string[] = [];
        for (const item of v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)) {
          try {
            origins.push(new URL(item).origin);
          } catch {
            ctx.addIssue({ code: 'custom', message: `"${item}" is not an origin such as https://app.example.com` });
          }
        }
        return origins;
      }),
  })
  .superRefine((env, ctx) => {
    // `next build` runs with NODE_ENV=production too, but seals no cookie, so it must not need
    // the secret: a build machine should not hold production secrets.
    const building = env.NEXT_PHASE === 'phase-production-build';
    if (env.NODE_ENV === 'production' && !building && env.SESSION_SECRET === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'is required in production (32+ random characters, e.g. `openssl rand -base64 32`)',
      });
    }
    if (env.SESSION_IDLE_TIMEOUT !== 0 && env.SESSION_IDLE_TIMEOUT < 300) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_IDLE_TIMEOUT'], message: 'must be 0 (off) or at least 300 seconds' });
    }
    // A guessed production URL would put a wrong host into every emailed link, silently.
    if (env.NODE_ENV === 'production' && !building && env.APP_URL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['APP_URL'],
        message: 'is required in production (the public base URL, e.g. https://accounts.example.com)',
      });
    }
    if ((env.GITHUB_CLIENT_ID === undefined) !== (env.GITHUB_CLIENT_SECRET === undefined)) {
      const missing = env.GITHUB_CLIENT_ID === undefined ? 'GITHUB_CLIENT_ID' : 'GITHUB_CLIENT_SECRET';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'is required with the other GITHUB_CLIENT_* setting' });
    }
    if (env.MAX_TTL < env.TOKEN_TTL) {
      ctx.addIssue({ code: 'custom', path: ['MAX_TTL'], message: `must be at least TOKEN_TTL (${env.TOKEN_TTL})` });
    }
  })
  // Outside production the dev server's own port is the best guess, so links work on any PORT.
  .transform(({ APP_URL, API_EXPLORER, ...env }) => ({
    ...env,
    APP_URL: APP_URL ?? `http://localhost:${env.PORT}`,
    API_EXPLORER: API_EXPLORER ?? env.NODE_ENV !== 'production',
  }));

export type Env = z.infer<typeof schema> & {
  /** OIDC_PROVIDERS with each one's OIDC_<ID>_* settings, in the order named. */
  oidcProviders: OidcProviderSettings[];
};

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Treat empty strings as unset so `FOO=` in a .env file means "use the default".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  const lines = result.success ? [] : result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  // Per-provider variables have names only known at run time, so they are read beside the schema.
  const oidcProviders = result.success ? readOidcProviders(result.data.OIDC_PROVIDERS, cleaned, lines) : [];
  if (!result.success || lines.length > 0) {
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  return { ...result.data, oidcProviders };
}

export const env: Env = parseEnv(process.env);
