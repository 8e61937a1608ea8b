import { z } from 'zod';

/**
 * Every setting Latchkey reads, validated once. This is the only module that reads `process.env`;
 * a bad value stops start-up with a message naming the variable.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

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

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** Access-token lifetime in seconds when the client does not ask for one (two weeks). */
    TOKEN_TTL: int(1, 2 ** 31 - 1).default(1209600),
    /** Longest lifetime a client may ask for; longer requests are clamped (30 days). */
    MAX_TTL: int(1, 2 ** 31 - 1).default(2592000),
    /** Whether `ttl: -1` (a token that never expires) is honoured. */
    ALLOW_ETERNAL_TOKENS: bool.default(false),
    /** Lifetime of a password-reset token in seconds (15 minutes). */
    RESET_TOKEN_TTL: int(60, 86400).default(900),
    BCRYPT_COST: int(4, 15).default(10),
    PASSWORD_MIN_LENGTH: int(1, 72).default(8),
    /** Public base URL; every link in an email is built from it, never from a request's Host. */
    APP_URL: z.string().url('must be an absolute URL such as https://accounts.example.com').default('http://localhost:3000'),
    /** PostgreSQL connection string. Unset: embedded PGlite under PGLITE_DIR. */
    DATABASE_URL: optionalUrl,
    PGLITE_DIR: z.string().min(1).default('.data/pglite'),
    /** Seals the browser session cookie; 32+ characters. Required in production. */
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** SMTP server URL (smtp:// or smtps://, credentials in the URL). Unset: the file outbox. */
    SMTP_URL: optionalUrl,
    MAIL_FROM: z.string().min(3).default('Latchkey <no-reply@localhost>'),
    OUTBOX_DIR: z.string().min(1).default('.data/outbox'),
  })
  .superRefine((env, ctx) => {
    if (env.MAX_TTL < env.TOKEN_TTL) {
      ctx.addIssue({ code: 'custom', path: ['MAX_TTL'], message: `must be at least TOKEN_TTL (${env.TOKEN_TTL})` });
    }
  });

export type Env = z.infer<typeof schema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Treat empty strings as unset so `FOO=` in a .env file means "use the default".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);
