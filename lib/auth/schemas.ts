import { z } from 'zod';
import type { IssuedToken, SessionJSON } from './access-tokens';
import type { IdentityJSON } from './identities';
import type { LoginSuccess } from './login';
import type { ResetRequest } from './password-reset';
import type { confirmTwoFactorEnrolment, Enrolment, regenerateRecoveryCodes, TwoFactorStatus } from './two-factor';
import type { UserJSON } from './user-records';

/**
 * The shapes the core accepts and answers with, as zod schemas: the OpenAPI description
 * (lib/http/openapi.ts) is generated from them. The core keeps its own checks, which answer with
 * LoopBack's exact messages and codes in LoopBack's order; these schemas are held to them three
 * ways: the answer types below must equal the core's types (tsc), sign-up and update take exactly
 * the properties named here (lib/auth/users.ts reads them from these shapes), and the tests send
 * each documented example to the handlers and validate the answer against the documented schema.
 */

/** Every schema with an `id` becomes `#/components/schemas/<id>`. */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

const TOKEN_EXAMPLE = 'gWn2hHoTk0Bp1eXKcUoVQrf4aN8yLRvS6xCtZ3mJdE9iYqA7sPwKb5zF2gHuT1oD';

export const userJson = z
  .object({
    email: z.string().meta({ description: 'Stored trimmed and lower-cased.' }),
    username: z.string().optional(),
    realm: z.string().optional().meta({ description: 'Only where realms are in use.' }),
    emailVerified: z.boolean(),
    id: z.number().int().min(1),
  })
  .meta({ examples: [{ email: 'me@domain.com', username: 'me', emailVerified: false, id: 1 }] });
apiSchemas.add(userJson, { id: 'User', description: 'A user as every answer shows it: never the password hash, never a token.' });

const rawToken = z
  .string()
  .regex(/^[A-Za-z0-9]{64}$/)
  .meta({
    description: 'The access token itself: 64 characters of [A-Za-z0-9]. Stored only as a SHA-256 hash; this answer is the only place it exists.',
  });
const isoTime = z.iso.datetime();

const issuedToken = z.object({
  id: rawToken,
  ttl: z.number().int().min(-1).meta({ description: 'Seconds the token lives from `created`; -1 never expires (only with ALLOW_ETERNAL_TOKENS).' }),
  created: isoTime,
  userId: z.number().int().min(1),
});

export const loginSuccess = issuedToken
  .extend({ user: userJson.optional().meta({ description: 'Only with `?include=user`.' }) })
  .meta({ examples: [{ id: TOKEN_EXAMPLE, ttl: 1209600, created: '2026-01-01T12:00:00.000Z', userId: 1 }] });
apiSchemas.add(loginSuccess, { id: 'AccessToken', description: "LoopBack's AccessToken JSON, keys in its order." });

export const sessionJson = z
  .object({
    id: z.string().meta({ description: "The session's public handle, never the token." }),
    ttl: z.number().int().min(-1),
    created: isoTime,
    userId: z.number().int().min(1),
    lastUsed: isoTime.nullable(),
    userAgent: z.string().nullable(),
    current: z.boolean().meta({ description: 'Whether this is the token the request came with.' }),
  })
  .meta({
    examples: [
      {
        id: 'x3Fq9LmZ2pRt',
        ttl: 1209600,
        created: '2026-01-01T12:00:00.000Z',
        userId: 1,
        lastUsed: '2026-01-02T08:30:00.000Z',
        userAgent: 'curl/8.5.0',
        current: true,
      },
    ],
  });
apiSchemas.add(sessionJson, { id: 'Session', description: 'One live session (access token) of the owner.' });

export const countAnswer = z.object({ count: z.number().int().min(0) }).meta({ examples: [{ count: 1 }] });
apiSchemas.add(countAnswer, { id: 'Count' });

const validationDetails = z.object({
  context: z.string(),
  codes: z.record(z.string(), z.array(z.string())),
  messages: z.record(z.string(), z.array(z.string())),
});

export const errorEnvelope = z
  .object({
    error: z.object({
      statusCode: z.number().int().min(400).max(499),
      name: z.string().meta({ description: '`Error`, `ValidationError`, `SyntaxError` or `PayloadTooLargeError`.' }),
      message: z.string(),
      code: z.string().optional().meta({ description: 'A stable, machine-readable code, when there is one.' }),
      details: z
        .union([validationDetails, z.object({ userId: z.number().int() })])
        .optional()
        .meta({ description: 'For a ValidationError: the failing properties by code and by message.' }),
    }),
  })
  .meta({ examples: [{ error: { statusCode: 401, name: 'Error', message: 'login failed', code: 'LOGIN_FAILED' } }] });
apiSchemas.add(errorEnvelope, {
  id: 'Error',
  description:
    "LoopBack's error envelope (strong-error-handler in production mode): keys in this order, `code` and `details` only when set, never a stack.",
});

export const internalErrorEnvelope = z
  .object({ error: z.object({ statusCode: z.number().int().min(500).max(599), message: z.string() }) })
  .meta({ examples: [{ error: { statusCode: 500, message: 'Internal Server Error' } }] });
apiSchemas.add(internalErrorEnvelope, { id: 'InternalError', description: 'A 5xx: only the status and a fixed message.' });

// Request bodies. Passwords are described as strings only: their rules depend on settings and
// are checked by the core (the operations' descriptions say which answer each breach gets).

const password = z.string().meta({ format: 'password' });

/** `287082` in the examples stands for the authenticator's current code, `k7mq-…` for an unused recovery code. */
const otp = z.string().meta({
  description: 'A 6-digit code from the authenticator app (spaces and dashes allowed), or an unused recovery code (`xxxx-xxxx-xxxx-xxxx`).',
  examples: ['287082'],
});

export const loginBody = z
  .looseObject({
    email: z.string().optional().meta({ description: 'Wins over `username` when both are given; matched case-insensitively.' }),
    username: z.string().optional(),
    password,
    realm: z.string().optional(),
    ttl: z
      .union([z.number(), z.string().regex(/^\s*-?\d+(\.\d+)?\s*$/)])
      .optional()
      .meta({ description: 'Seconds; absent or 0 gives TOKEN_TTL, above MAX_TTL is clamped, fractions round down.' }),
    otp: otp.optional().meta({ description: 'For an account with two-factor on: without it a right password is 401 `OTP_REQUIRED`.' }),
  })
  .meta({ examples: [{ email: 'me@domain.com', password: 'velvet9heron' }] });
apiSchemas.add(loginBody, { id: 'LoginRequest', description: 'Either `email` or `username`, and `password`. Other properties are ignored.' });

export const signUpBody = z
  .strictObject({
    email: z.string(),
    password,
    username: z.string().min(1).max(128).optional(),
    realm: z.string().optional(),
  })
  .meta({ examples: [{ email: 'new@domain.com', password: 'velvet9heron', username: 'newcomer' }] });
apiSchemas.add(signUpBody, {
  id: 'SignUpRequest',
  description: 'Other properties are a 422 naming them; `emailVerified` and `verificationToken` are accepted and ignored (server-owned).',
});

export const userUpdateBody = z
  .strictObject({
    email: z.string().optional().meta({ description: 'Takes effect only once confirmed from the new address; needs `currentPassword`.' }),
    username: z.string().min(1).max(128).nullable().optional(),
    currentPassword: password.optional(),
  })
  .meta({ examples: [{ username: 'renamed' }] });
apiSchemas.add(userUpdateBody, {
  id: 'UserUpdate',
  description: '`password` is 401 PASSWORD_CHANGE_NOT_ALLOWED; `id`, `emailVerified`, `verificationToken`, `realm` are 422 `absence`.',
});

export const resetBody = z.looseObject({ email: z.string(), realm: z.string().optional() }).meta({ examples: [{ email: 'me@domain.com' }] });
apiSchemas.add(resetBody, { id: 'ResetRequest' });

export const resetPasswordBody = z
  .looseObject({
    newPassword: password,
    otp: otp.optional().meta({ description: 'For an account with two-factor on: without it 401 `OTP_REQUIRED`, and the link is not spent.' }),
  })
  .meta({ examples: [{ newPassword: 'amber7falcon' }] });
apiSchemas.add(resetPasswordBody, { id: 'ResetPasswordRequest' });

export const changePasswordBody = z
  .looseObject({ oldPassword: password, newPassword: password })
  .meta({ examples: [{ oldPassword: 'velvet9heron', newPassword: 'amber7falcon' }] });
apiSchemas.add(changePasswordBody, { id: 'ChangePasswordRequest' });

export const logoutBody = z.looseObject({
  sid: z.string().optional().meta({ description: 'The token, when it is not sent in a header or the query.' }),
  access_token: z.string().optional(),
});
apiSchemas.add(logoutBody, { id: 'LogoutRequest' });

export const linkTokenBody = z.looseObject({ token: z.string() }).meta({ examples: [{ token: 'the-token-from-the-emailed-link' }] });
apiSchemas.add(linkTokenBody, { id: 'LinkTokenRequest' });

export const deleteUserBody = z.looseObject({ currentPassword: password.optional() });
apiSchemas.add(deleteUserBody, { id: 'DeleteUserRequest' });

// Two-factor authentication (docs/decisions/023).

export const currentPasswordBody = z.looseObject({ currentPassword: password }).meta({ examples: [{ currentPassword: 'velvet9heron' }] });
apiSchemas.add(currentPasswordBody, { id: 'CurrentPasswordRequest' });

export const otpBody = z.looseObject({ otp }).meta({ examples: [{ otp: '287082' }] });
apiSchemas.add(otpBody, { id: 'OtpRequest' });

export const twoFactorOffBody = z
  .looseObject({ currentPassword: password, otp })
  .meta({ examples: [{ currentPassword: 'velvet9heron', otp: '287082' }] });
apiSchemas.add(twoFactorOffBody, { id: 'TwoFactorOffRequest' });

export const twoFactorStatus = z
  .object({
    enabled: z.boolean(),
    pending: z.boolean().meta({ description: 'An enrolment started and not yet confirmed with a code.' }),
    recoveryCodesLeft: z.number().int().min(0),
  })
  .meta({ examples: [{ enabled: true, pending: false, recoveryCodesLeft: 10 }] });
apiSchemas.add(twoFactorStatus, { id: 'TwoFactorStatus' });

export const twoFactorEnrolment = z
  .object({
    secret: z
      .string()
      .regex(/^[A-Z2-7]+$/)
      .meta({ description: 'The key in base32, for typing into an authenticator app by hand.' }),
    uri: z
      .string()
      .regex(/^otpauth:\/\/totp\//)
      .meta({ description: 'What the QR code holds.' }),
  })
  .meta({
    examples: [
      {
        secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        uri: 'otpauth://totp/Latchkey:me%40domain.com?issuer=Latchkey&algorithm=SHA1&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&period=30&digits=6',
      },
    ],
  });
apiSchemas.add(twoFactorEnrolment, { id: 'TwoFactorEnrolment', description: 'Not on yet: a current code from the app confirms it.' });

export const recoveryCodesAnswer = z
  .object({ recoveryCodes: z.array(z.string().regex(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/)).length(10) })
  .meta({ examples: [{ recoveryCodes: ['k7mq-3xza-p2rt-9hvw', '…'] }] });
apiSchemas.add(recoveryCodesAnswer, { id: 'RecoveryCodes', description: 'Ten single-use codes, shown this once; only their hashes are kept.' });

// Identities at sign-in providers (docs/decisions/022).

export const identityJson = z
  .object({
    id: z.number().int().min(1),
    provider: z.string().meta({ description: 'The provider id, as in `/auth/<id>`: an OpenID Connect provider or `github`.' }),
    authScheme: z.enum(['openid connect', 'oauth2']),
    externalId: z.string().meta({ description: "The person's stable id at the provider (`sub`)." }),
    profile: z.object({
      provider: z.string(),
      id: z.string(),
      displayName: z.string().optional(),
      username: z.string().optional(),
      emails: z.array(z.object({ value: z.string(), verified: z.boolean() })),
    }),
    created: isoTime,
    modified: isoTime,
    lastUsed: isoTime.nullable(),
    userId: z.number().int().min(1),
  })
  .meta({
    examples: [
      {
        id: 7,
        provider: 'google',
        authScheme: 'openid connect',
        externalId: '104857600000000000000',
        profile: { provider: 'google', id: '104857600000000000000', displayName: 'Me', emails: [{ value: 'me@domain.com', verified: true }] },
        created: '2026-01-01T12:00:00.000Z',
        modified: '2026-01-02T08:30:00.000Z',
        lastUsed: '2026-01-02T08:30:00.000Z',
        userId: 1,
      },
    ],
  });
apiSchemas.add(identityJson, {
  id: 'UserIdentity',
  description: "LoopBack's `UserIdentity`, without `credentials`: no provider token is kept.",
});

// The answers must be exactly what the core produces: a change on either side fails `tsc`.
type Flat<T> = { [K in keyof T]: T[K] };
/** What an async core function answers when it succeeds. */
type Succeeded<F extends (...args: never[]) => Promise<{ ok: boolean }>> =
  Extract<Awaited<ReturnType<F>>, { ok: true }> extends { value: infer V } ? V : never;
type Same<A, B> = (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B> ? 1 : 2 ? true : false;
const sameShapes: [
  Same<z.output<typeof userJson>, UserJSON>,
  Same<z.output<typeof issuedToken>, IssuedToken>,
  Same<z.output<typeof sessionJson>, SessionJSON>,
  Same<z.output<typeof loginSuccess>, LoginSuccess>,
  Same<Pick<z.output<typeof resetBody>, 'email' | 'realm'>, ResetRequest>,
  Same<z.output<typeof twoFactorStatus>, Omit<TwoFactorStatus, 'enabledAt'>>,
  Same<z.output<typeof twoFactorEnrolment>, Enrolment>,
  Same<z.output<typeof recoveryCodesAnswer>, Succeeded<typeof confirmTwoFactorEnrolment>>,
  Same<z.output<typeof recoveryCodesAnswer>, Succeeded<typeof regenerateRecoveryCodes>>,
  Same<z.output<typeof identityJson>, IdentityJSON>,
] = [true, true, true, true, true, true, true, true, true, true];
void sameShapes;
