import { z } from 'zod';
import {
  apiSchemas,
  changePasswordBody,
  countAnswer,
  currentPasswordBody,
  deleteUserBody,
  errorEnvelope,
  identityJson,
  internalErrorEnvelope,
  linkTokenBody,
  loginBody,
  loginSuccess,
  logoutBody,
  otpBody,
  recoveryCodesAnswer,
  resetBody,
  resetPasswordBody,
  sessionJson,
  signUpBody,
  twoFactorEnrolment,
  twoFactorOffBody,
  twoFactorStatus,
  userJson,
  userUpdateBody,
} from '@/lib/auth/schemas';
import { env } from '@/lib/env';

/**
 * The OpenAPI 3.1 description of the REST API (`GET /api/openapi.json`), generated from the zod
 * schemas in lib/auth/schemas.ts. Each operation lists its answers by status and, in
 * `x-examples`, requests the tests send to the real handlers (app/api/openapi.test.ts): a
 * documented example that stops matching its documented answer fails the build.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Schema = z.ZodType;

/** How an example request presents the token of `me@domain.com` (logged in with `velvet9heron`). */
export type ExampleAuth = 'authorization' | 'bearer' | 'basic' | 'query' | 'x-access-token' | 'reset-token';

export interface OperationExample {
  summary: string;
  /**
   * What the account has besides its password: two-factor on (`otp` `287082` then stands for its
   * authenticator's current code, `k7mq-3xza-p2rt-9hvw` for one of its recovery codes), an
   * enrolment started and not confirmed (`287082`: a current code of it), or an identity at a
   * sign-in provider (`identityId` `7`).
   */
  given?: 'two-factor' | 'two-factor-pending' | 'identity';
  /**
   * Path parameters; `tokenId` `x3Fq9LmZ2pRt` stands for the handle of the request's own session,
   * `identityId` `7` for the account's identity.
   */
  params?: Record<string, string>;
  /** The query string, as sent. */
  query?: string;
  body?: unknown;
  /** Absent: anonymous. `reset-token`: the token of a password-reset link of that account. */
  auth?: ExampleAuth;
  status: number;
}

interface Answer {
  description: string;
  /** The body's schema; none for 204 and 302. */
  schema?: Schema;
  headers?: Record<string, { description: string; schema: { type: 'string' } }>;
}

interface Operation {
  method: Method;
  path: string;
  operationId: string;
  summary: string;
  description: string;
  tag: 'User' | 'Sessions' | 'Two-factor' | 'Identities' | 'Description' | 'Health';
  /** False for what never asks the database, and so never answers 503 for its absence. */
  database?: false;
  /** `token`: needs one (every way of sending it works); `none`: public, a stale token is ignored. */
  auth: 'token' | 'none';
  parameters?: object[];
  body?: { schema: Schema; required?: boolean };
  answers: Record<number, Answer>;
  examples: OperationExample[];
}

const WWW_AUTHENTICATE = { 'WWW-Authenticate': { description: '`Bearer` (RFC 6750) on every 401.', schema: { type: 'string' as const } } };
const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'string' as const } } };

const error = (description: string): Answer => ({ description, schema: errorEnvelope });
const unauthorized = (description: string): Answer => ({ ...error(description), headers: WWW_AUTHENTICATE });
const throttled: Answer = { ...error('`TOO_MANY_REQUESTS`: over a limit (see the README).'), headers: RETRY_AFTER };
const busy: Answer = { ...error('`SERVICE_UNAVAILABLE`: every password-hashing worker is busy and the queue is full.'), headers: RETRY_AFTER };
const DATABASE_AWAY = '`SERVICE_UNAVAILABLE`: the database cannot be reached just now; nothing was changed.';
const databaseAway: Answer = { ...error(DATABASE_AWAY), headers: RETRY_AFTER };
const healthStatus = z.object({ status: z.literal('ok') });
const AUTHORIZATION_REQUIRED = unauthorized(
  '`AUTHORIZATION_REQUIRED` "Authorization Required": no token, an unknown or revoked one, or one of another user; `INVALID_TOKEN` "Invalid Access Token": an expired one (it is then deleted).',
);
const invalidPassword = `\`INVALID_PASSWORD\` (empty, shorter than PASSWORD_MIN_LENGTH, currently ${env.PASSWORD_MIN_LENGTH}, common, guessable or built from the account's details) or \`PASSWORD_TOO_LONG\` (over 72 UTF-8 bytes), with the reason.`;

const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: "The user's id, or `me` for the token's own user. Only the owner may use it.",
  schema: { type: 'string', pattern: '^(me|[0-9]+)$' },
  examples: { me: { value: 'me' }, id: { value: '1' } },
};
const tokenIdParam = {
  name: 'tokenId',
  in: 'path',
  required: true,
  description: "A session's public handle, as the session list shows it.",
  schema: { type: 'string' },
};
const identityIdParam = {
  name: 'identityId',
  in: 'path',
  required: true,
  description: "The identity's id, as the identity list shows it.",
  schema: { type: 'string', pattern: '^[0-9]+$' },
};
const filterParam = {
  name: 'filter',
  in: 'query',
  required: false,
  description:
    'LoopBack\'s filter, as JSON (`{"fields":["email"]}`) or in qs\'s bracket form (`filter[fields][email]=true`), as lb-ng and the mobile SDKs send it. Only `fields` applies here: `where`, `include`, `limit`, `order` and `skip` are accepted and ignored (LoopBack also ignores them on a read by id, but answers 500 for an `include` of an unknown relation). Not a JSON object: 400 "Value is not an object."',
  schema: { type: 'string' },
  examples: { fields: { value: '{"fields":["email","id"]}' } },
};

const operations: Operation[] = [
  {
    method: 'post',
    path: '/api/users',
    operationId: 'User.create',
    summary: 'Sign up',
    description:
      'Creates an account. LoopBack differences (deliberate): passwords shorter than PASSWORD_MIN_LENGTH, common, or built from the account are 422 `INVALID_PASSWORD`; a string that looks like a bcrypt hash is hashed like any password; server-owned properties are ignored and unknown ones are a 422 naming them; an array body is 400; the answer always includes `emailVerified`.',
    tag: 'User',
    auth: 'none',
    body: { schema: signUpBody, required: true },
    answers: {
      200: { description: 'The new user.', schema: userJson },
      400: error('Malformed JSON (`SyntaxError`), a body that is not an object ("Value is not an object."), or `REALM_REQUIRED` / `INVALID_REALM`.'),
      413: error('A body over 100 kB.'),
      422: error(
        `\`ValidationError\` with \`details.codes\`: email \`presence\`, \`custom.email\`, \`uniqueness\`; username \`uniqueness\`; password \`presence\`; \`id\` \`absence\`; unknown properties. Or ${invalidPassword}`,
      ),
      429: throttled,
      503: busy,
    },
    examples: [
      { summary: 'A new account', body: { email: 'new@domain.com', password: 'velvet9heron', username: 'newcomer' }, status: 200 },
      { summary: 'An address that already has an account', body: { email: 'me@domain.com', password: 'velvet9heron' }, status: 422 },
      { summary: 'A password that is too short', body: { email: 'short@domain.com', password: 'abc' }, status: 422 },
    ],
  },
  {
    method: 'post',
    path: '/api/users/login',
    operationId: 'User.login',
    summary: 'Log in',
    description:
      'Issues an access token for an email (or username) and password. `?include=user` (any case, repeated, or `["user"]`) adds the user. `rememberMe`, which lb-ng adds to the query, is ignored, as LoopBack ignores it (the client decides where to keep the token). LoopBack differences (deliberate): `ttl` above MAX_TTL is clamped (30 days by default; LoopBack: a year); `-1` without ALLOW_ETERNAL_TOKENS, negative or non-numeric `ttl` is 400 `INVALID_TTL`; an unknown user and a wrong password answer alike and in the same time; emails match case-insensitively; failed logins are throttled.',
    tag: 'User',
    auth: 'none',
    parameters: [
      {
        name: 'include',
        in: 'query',
        required: false,
        description: '`user` adds the user to the answer.',
        schema: { type: 'string' },
        examples: { user: { value: 'user' } },
      },
      {
        name: 'rememberMe',
        in: 'query',
        required: false,
        description: 'Sent by lb-ng; ignored, as by LoopBack.',
        schema: { type: 'string' },
      },
    ],
    body: { schema: loginBody, required: true },
    answers: {
      200: { description: 'The access token (`Cache-Control: no-store`).', schema: loginSuccess },
      400: error(
        '`USERNAME_EMAIL_REQUIRED`, `INVALID_EMAIL`, `INVALID_USERNAME`, `INVALID_REALM`, `REALM_REQUIRED`, `INVALID_TTL`, `INVALID_OTP` (an `otp` that is not a string), or a malformed body.',
      ),
      401: unauthorized(
        '`LOGIN_FAILED` "login failed" (also a wrong or reused `otp`); with EMAIL_VERIFICATION_REQUIRED, `LOGIN_FAILED_EMAIL_NOT_VERIFIED`; for an account with two-factor on, a right password without `otp`: `OTP_REQUIRED`, and no token.',
      ),
      429: throttled,
      503: busy,
    },
    examples: [
      { summary: 'With an email', body: { email: 'me@domain.com', password: 'velvet9heron' }, status: 200 },
      {
        summary: 'As lb-ng sends it: the user included, and rememberMe (ignored)',
        query: '?include=user&rememberMe=true',
        body: { email: 'me@domain.com', password: 'velvet9heron', ttl: 3600 },
        status: 200,
      },
      { summary: 'A wrong password', body: { email: 'me@domain.com', password: 'not-the-password' }, status: 401 },
      { summary: 'Neither email nor username', body: { password: 'velvet9heron' }, status: 400 },
      { summary: 'Two-factor on, no code', given: 'two-factor', body: { email: 'me@domain.com', password: 'velvet9heron' }, status: 401 },
      {
        summary: 'Two-factor on, with the current code',
        given: 'two-factor',
        body: { email: 'me@domain.com', password: 'velvet9heron', otp: '287082' },
        status: 200,
      },
      {
        summary: 'Two-factor on, with a recovery code',
        given: 'two-factor',
        body: { email: 'me@domain.com', password: 'velvet9heron', otp: 'k7mq-3xza-p2rt-9hvw' },
        status: 200,
      },
      {
        summary: 'Two-factor on, a wrong code',
        given: 'two-factor',
        body: { email: 'me@domain.com', password: 'velvet9heron', otp: 'not-a-code' },
        status: 401,
      },
    ],
  },
  {
    method: 'post',
    path: '/api/users/logout',
    operationId: 'User.logout',
    summary: 'Log out',
    description:
      "Deletes the presented token; the user's other tokens stay. LoopBack difference (deliberate superset): the token may also come in the body as `sid` or `access_token`.",
    tag: 'User',
    auth: 'token',
    body: { schema: logoutBody, required: false },
    answers: {
      204: { description: 'Logged out.' },
      401: unauthorized('"accessToken is required to logout" (no code): no token, or an unknown one.'),
    },
    examples: [
      { summary: 'With the token in the Authorization header', auth: 'authorization', status: 204 },
      { summary: 'Without a token', status: 401 },
    ],
  },
  {
    method: 'post',
    path: '/api/users/reset',
    operationId: 'User.resetPassword',
    summary: 'Ask for a password-reset link',
    description:
      'Mails `APP_URL/reset-password?access_token=<reset token>` to the account holder. LoopBack difference (deliberate): an unknown address also gets 204, in the same time (LoopBack: 404 `EMAIL_NOT_FOUND`), and the answer never waits for mail; with EMAIL_VERIFICATION_REQUIRED an unverified address is mailed "verify first" (LoopBack: 401).',
    tag: 'User',
    auth: 'none',
    body: { schema: resetBody, required: true },
    answers: {
      204: { description: 'Accepted, whether or not the address has an account.' },
      400: error('`EMAIL_REQUIRED` "Email is required".'),
      429: throttled,
    },
    examples: [
      { summary: 'An address', body: { email: 'me@domain.com' }, status: 204 },
      { summary: 'No address', body: {}, status: 400 },
    ],
  },
  {
    method: 'post',
    path: '/api/users/reset-password',
    operationId: 'User.setPassword',
    summary: "Set a new password with a reset link's token",
    description:
      'The reset token goes wherever an access token may (`Authorization`, `access_token` …). LoopBack differences (deliberate): the reset token is good for this call only, once, and a reset revokes every token of the user. For an account with two-factor on, the link stands in for the password only: `otp` is needed too (docs/decisions/023).',
    tag: 'User',
    auth: 'token',
    body: { schema: resetPasswordBody, required: true },
    answers: {
      204: { description: 'The password is set; every session of the user has ended.' },
      400: error('"newPassword is a required argument".'),
      401: unauthorized(
        '`AUTHORIZATION_REQUIRED` / `INVALID_TOKEN`: no reset token, or a wrong, expired or used one. For an account with two-factor on: `OTP_REQUIRED` without `otp`, `INVALID_OTP` with a wrong or reused one; the link is not spent.',
      ),
      422: error(invalidPassword),
      429: throttled,
      503: busy,
    },
    examples: [
      { summary: 'With the token from the emailed link', auth: 'reset-token', body: { newPassword: 'amber7falcon' }, status: 204 },
      { summary: 'A login token is not a reset token', auth: 'authorization', body: { newPassword: 'amber7falcon' }, status: 401 },
      { summary: 'Two-factor on, no code', given: 'two-factor', auth: 'reset-token', body: { newPassword: 'amber7falcon' }, status: 401 },
      {
        summary: 'Two-factor on, with the current code',
        given: 'two-factor',
        auth: 'reset-token',
        body: { newPassword: 'amber7falcon', otp: '287082' },
        status: 204,
      },
    ],
  },
  {
    method: 'post',
    path: '/api/users/change-password',
    operationId: 'User.changePassword',
    summary: 'Change the password',
    description: "Needs a login token. The user's other tokens are revoked; this one stays. Wrong current passwords are throttled (deliberate).",
    tag: 'User',
    auth: 'token',
    body: { schema: changePasswordBody, required: true },
    answers: {
      204: { description: 'Changed.' },
      400: error('"oldPassword is a required argument" / "newPassword is a required argument"; `INVALID_PASSWORD` "Invalid current password".'),
      401: AUTHORIZATION_REQUIRED,
      422: error(invalidPassword),
      429: throttled,
      503: busy,
    },
    examples: [
      {
        summary: 'As the mobile SDKs send it',
        auth: 'authorization',
        body: { oldPassword: 'velvet9heron', newPassword: 'amber7falcon' },
        status: 204,
      },
      { summary: 'A wrong current password', auth: 'bearer', body: { oldPassword: 'wrong-password', newPassword: 'amber7falcon' }, status: 400 },
      { summary: 'Anonymous', body: { oldPassword: 'velvet9heron', newPassword: 'amber7falcon' }, status: 401 },
    ],
  },
  {
    method: 'get',
    path: '/api/users/confirm',
    operationId: 'User.confirm',
    summary: 'Confirm an email address (the emailed verification link)',
    description:
      'As in LoopBack. LoopBack differences (deliberate): links are hashed, expire after VERIFY_TOKEN_TTL, work once; `redirect` accepts only local paths and REDIRECT_ALLOWED_ORIGINS; a wrong link never echoes the token.',
    tag: 'User',
    auth: 'none',
    parameters: [
      { name: 'uid', in: 'query', required: true, schema: { type: 'string' }, examples: { uid: { value: '1' } } },
      { name: 'token', in: 'query', required: true, schema: { type: 'string' } },
      { name: 'redirect', in: 'query', required: false, description: 'Where to send the browser once confirmed (302).', schema: { type: 'string' } },
    ],
    answers: {
      204: { description: 'Confirmed.' },
      302: { description: 'Confirmed; on to `redirect`.' },
      400: error('`INVALID_TOKEN` (wrong, expired or used link), `INVALID_REDIRECT`, or a missing argument.'),
      404: error('`USER_NOT_FOUND`.'),
      429: throttled,
    },
    examples: [{ summary: 'A wrong link', query: '?uid=1&token=not-a-real-token', status: 400 }],
  },
  {
    method: 'post',
    path: '/api/users/confirm-email-change',
    operationId: 'User.confirmEmailChange',
    summary: 'Confirm a new email address (the link mailed to it)',
    description: 'Not in LoopBack (an email change takes effect only once confirmed; docs/decisions/013). Every session of the account ends.',
    tag: 'User',
    auth: 'none',
    body: { schema: linkTokenBody, required: true },
    answers: {
      204: { description: 'The address has changed.' },
      400: error('`ARGUMENT_REQUIRED`, or `INVALID_TOKEN`: a wrong, expired or used link.'),
      429: throttled,
    },
    examples: [{ summary: 'A wrong link', body: { token: 'not-a-real-token' }, status: 400 }],
  },
  {
    method: 'post',
    path: '/api/users/undo-email-change',
    operationId: 'User.undoEmailChange',
    summary: 'Undo an email change (the link mailed to the old address)',
    description: 'Not in LoopBack. Cancels a pending change or puts the old address back, ending every session.',
    tag: 'User',
    auth: 'none',
    body: { schema: linkTokenBody, required: true },
    answers: {
      204: { description: 'Undone.' },
      400: error('`ARGUMENT_REQUIRED`, or `INVALID_TOKEN`: a wrong, expired or used link.'),
      429: throttled,
    },
    examples: [{ summary: 'No token', body: {}, status: 400 }],
  },
  {
    method: 'get',
    path: '/api/users/{id}',
    operationId: 'User.findById',
    summary: 'Read a user (the owner only)',
    description:
      "lb-ng's `User.getCurrent()` reads `/api/users/<id>`; `me` works too. `filter` applies its `fields`. Anyone but the owner gets 401, as in a stock LoopBack app.",
    tag: 'User',
    auth: 'token',
    parameters: [idParam, filterParam],
    answers: {
      200: { description: 'The user.', schema: userJson.partial() },
      400: error('"Value is not an object.": a `filter` that is not a JSON object.'),
      401: AUTHORIZATION_REQUIRED,
    },
    examples: [
      { summary: 'Oneself', params: { id: 'me' }, auth: 'authorization', status: 200 },
      {
        summary: 'As lb-ng sends it, with a filter',
        params: { id: '1' },
        query: '?filter=%7B%22fields%22%3A%5B%22email%22%2C%22id%22%5D%7D',
        auth: 'authorization',
        status: 200,
      },
      { summary: 'As `curl -u TOKEN:` sends it', params: { id: 'me' }, auth: 'basic', status: 200 },
      { summary: 'The token in the query', params: { id: 'me' }, auth: 'query', status: 200 },
      { summary: 'Anonymous', params: { id: '1' }, status: 401 },
      { summary: 'A filter that is not an object', params: { id: 'me' }, query: '?filter=%5B1%5D', auth: 'authorization', status: 400 },
    ],
  },
  ...(['patch', 'put'] as const).map((method): Operation => ({
    method,
    path: '/api/users/{id}',
    operationId: method === 'patch' ? 'User.prototype.patchAttributes' : 'User.replaceById',
    summary: method === 'patch' ? 'Change the username or email' : 'Change the username or email (PUT, treated as PATCH)',
    description:
      'Owner only. A new email needs `currentPassword` and takes effect only once confirmed from the new address (LoopBack: at once). LoopBack differences (deliberate): `PUT` updates rather than replaces, so a partial body cannot blank out fields; `password` is refused as with `rejectPasswordChangesViaPatchOrReplace`; `emailVerified`, `verificationToken`, `realm`, `id` are 422 `absence`.',
    tag: 'User',
    auth: 'token',
    parameters: [idParam],
    body: { schema: userUpdateBody, required: true },
    answers: {
      200: { description: 'The whole user, as it now is.', schema: userJson },
      400: error('`CURRENT_PASSWORD_REQUIRED` or `INVALID_PASSWORD` (a new email with a missing or wrong current password), or a malformed body.'),
      401: unauthorized('`AUTHORIZATION_REQUIRED` / `INVALID_TOKEN`, or `PASSWORD_CHANGE_NOT_ALLOWED` for a `password` in the body.'),
      422: error('`ValidationError`: a taken or invalid email or username, a property that cannot be set, or an unknown one.'),
      429: throttled,
    },
    examples: [
      { summary: 'A new username', params: { id: 'me' }, auth: 'authorization', body: { username: 'renamed' }, status: 200 },
      { summary: 'A password', params: { id: 'me' }, auth: 'authorization', body: { password: 'amber7falcon' }, status: 401 },
    ],
  })),
  {
    method: 'delete',
    path: '/api/users/{id}',
    operationId: 'User.deleteById',
    summary: 'Delete the account',
    description:
      'Owner only: the account, its tokens, links and pending changes; the audit trail keeps counts but nothing personal; a goodbye notice is mailed. LoopBack difference (deliberate): a body with `currentPassword` has it checked first (docs/decisions/020).',
    tag: 'User',
    auth: 'token',
    parameters: [idParam],
    body: { schema: deleteUserBody, required: false },
    answers: {
      200: { description: 'Deleted.', schema: countAnswer },
      400: error('`INVALID_PASSWORD` or `CURRENT_PASSWORD_REQUIRED` (a `currentPassword` that is wrong or empty).'),
      401: AUTHORIZATION_REQUIRED,
      429: throttled,
    },
    examples: [
      { summary: 'With the current password', params: { id: 'me' }, auth: 'authorization', body: { currentPassword: 'velvet9heron' }, status: 200 },
      {
        summary: 'A wrong current password',
        params: { id: 'me' },
        auth: 'authorization',
        body: { currentPassword: 'not-the-password' },
        status: 400,
      },
    ],
  },
  {
    method: 'post',
    path: '/api/users/{id}/replace',
    operationId: 'User.replaceById.post',
    summary: "Change the username or email (LoopBack's replaceById, treated as PATCH)",
    description: 'The same as `PATCH /api/users/{id}`.',
    tag: 'User',
    auth: 'token',
    parameters: [idParam],
    body: { schema: userUpdateBody, required: true },
    answers: {
      200: { description: 'The whole user, as it now is.', schema: userJson },
      400: error('As for PATCH.'),
      401: unauthorized('As for PATCH.'),
      422: error('As for PATCH.'),
      429: throttled,
    },
    examples: [{ summary: 'A new username', params: { id: 'me' }, auth: 'x-access-token', body: { username: 'replaced' }, status: 200 }],
  },
  {
    method: 'post',
    path: '/api/users/{id}/verify',
    operationId: 'User.prototype.verify',
    summary: 'Send a new verification link',
    description:
      'LoopBack difference (deliberate): 204 for any id after the same work, so it cannot be used to find accounts; verified addresses get nothing; throttled.',
    tag: 'User',
    auth: 'none',
    parameters: [{ ...idParam, description: "The user's id." }],
    answers: { 204: { description: 'Done (or nothing to do).' }, 429: throttled },
    examples: [{ summary: 'An id', params: { id: '1' }, status: 204 }],
  },
  {
    method: 'get',
    path: '/api/users/{id}/accessTokens',
    operationId: 'User.prototype.__get__accessTokens',
    summary: 'List my sessions',
    description:
      'LoopBack difference (deliberate extension; LoopBack denies it to everyone): the owner sees their live sessions by public handle, never the token. `filter` applies its `fields`.',
    tag: 'Sessions',
    auth: 'token',
    parameters: [idParam, filterParam],
    answers: {
      200: { description: "The live sessions, the caller's own marked `current`.", schema: z.array(sessionJson.partial()) },
      400: error('"Value is not an object.": a `filter` that is not a JSON object.'),
      401: AUTHORIZATION_REQUIRED,
    },
    examples: [{ summary: 'Mine', params: { id: 'me' }, auth: 'authorization', status: 200 }],
  },
  {
    method: 'delete',
    path: '/api/users/{id}/accessTokens',
    operationId: 'User.prototype.__delete__accessTokens',
    summary: 'Log out everywhere',
    description: 'Deliberate extension: every token of the owner ends, this one included.',
    tag: 'Sessions',
    auth: 'token',
    parameters: [idParam],
    answers: { 200: { description: 'How many sessions ended.', schema: countAnswer }, 401: AUTHORIZATION_REQUIRED },
    examples: [{ summary: 'All of mine', params: { id: 'me' }, auth: 'authorization', status: 200 }],
  },
  {
    method: 'get',
    path: '/api/users/{id}/accessTokens/count',
    operationId: 'User.prototype.__count__accessTokens',
    summary: 'Count my sessions',
    description: 'Deliberate extension.',
    tag: 'Sessions',
    auth: 'token',
    parameters: [idParam],
    answers: { 200: { description: 'How many live sessions.', schema: countAnswer }, 401: AUTHORIZATION_REQUIRED },
    examples: [{ summary: 'Mine', params: { id: 'me' }, auth: 'authorization', status: 200 }],
  },
  {
    method: 'get',
    path: '/api/users/{id}/accessTokens/{tokenId}',
    operationId: 'User.prototype.__findById__accessTokens',
    summary: 'Read one of my sessions',
    description: 'Deliberate extension.',
    tag: 'Sessions',
    auth: 'token',
    parameters: [idParam, tokenIdParam],
    answers: {
      200: { description: 'The session.', schema: sessionJson },
      401: AUTHORIZATION_REQUIRED,
      404: error('`MODEL_NOT_FOUND` \'Unknown "AccessToken" id\'.'),
    },
    examples: [
      { summary: 'This session', params: { id: 'me', tokenId: 'x3Fq9LmZ2pRt' }, auth: 'authorization', status: 200 },
      { summary: 'An unknown handle', params: { id: 'me', tokenId: 'unknown' }, auth: 'authorization', status: 404 },
    ],
  },
  {
    method: 'delete',
    path: '/api/users/{id}/accessTokens/{tokenId}',
    operationId: 'User.prototype.__destroyById__accessTokens',
    summary: 'Log out one of my sessions',
    description: 'Deliberate extension.',
    tag: 'Sessions',
    auth: 'token',
    parameters: [idParam, tokenIdParam],
    answers: {
      204: { description: 'Ended.' },
      401: AUTHORIZATION_REQUIRED,
      404: error('`MODEL_NOT_FOUND` \'Unknown "AccessToken" id\'.'),
    },
    examples: [
      { summary: 'This session', params: { id: 'me', tokenId: 'x3Fq9LmZ2pRt' }, auth: 'authorization', status: 204 },
      { summary: 'An unknown handle', params: { id: 'me', tokenId: 'unknown' }, auth: 'authorization', status: 404 },
    ],
  },
  {
    method: 'get',
    path: '/api/users/{id}/otp',
    operationId: 'User.prototype.getTwoFactor',
    summary: 'Whether two-factor is on',
    description: 'Not in LoopBack (docs/decisions/023). Owner only.',
    tag: 'Two-factor',
    auth: 'token',
    parameters: [idParam],
    answers: { 200: { description: 'On, started, and how many recovery codes are left.', schema: twoFactorStatus }, 401: AUTHORIZATION_REQUIRED },
    examples: [
      { summary: 'Off', params: { id: 'me' }, auth: 'authorization', status: 200 },
      { summary: 'On', given: 'two-factor', params: { id: 'me' }, auth: 'authorization', status: 200 },
      { summary: 'Anonymous', params: { id: '1' }, status: 401 },
    ],
  },
  {
    method: 'post',
    path: '/api/users/{id}/otp',
    operationId: 'User.prototype.startTwoFactor',
    summary: 'Start turning two-factor on',
    description:
      'A new key for an authenticator app; two-factor is on only once `POST /api/users/{id}/otp/confirm` has a current code of it. Starting again replaces a key not yet confirmed. Needs the current password, so a stolen session alone cannot lock the owner out with a factor of its own.',
    tag: 'Two-factor',
    auth: 'token',
    parameters: [idParam],
    body: { schema: currentPasswordBody, required: true },
    answers: {
      200: { description: 'The key, not in force yet.', schema: twoFactorEnrolment },
      400: error('`CURRENT_PASSWORD_REQUIRED`, `INVALID_PASSWORD` (a wrong current password), `OTP_ALREADY_ENABLED`, or a malformed body.'),
      401: AUTHORIZATION_REQUIRED,
      429: throttled,
    },
    examples: [
      { summary: 'With the current password', params: { id: 'me' }, auth: 'authorization', body: { currentPassword: 'velvet9heron' }, status: 200 },
      {
        summary: 'A wrong current password',
        params: { id: 'me' },
        auth: 'authorization',
        body: { currentPassword: 'not-the-password' },
        status: 400,
      },
      {
        summary: 'Already on',
        given: 'two-factor',
        params: { id: 'me' },
        auth: 'authorization',
        body: { currentPassword: 'velvet9heron' },
        status: 400,
      },
    ],
  },
  {
    method: 'post',
    path: '/api/users/{id}/otp/confirm',
    operationId: 'User.prototype.confirmTwoFactor',
    summary: 'Turn two-factor on with a current code',
    description: 'The code from the app for the key `POST /api/users/{id}/otp` gave. The answer holds the ten recovery codes, shown this once.',
    tag: 'Two-factor',
    auth: 'token',
    parameters: [idParam],
    body: { schema: otpBody, required: true },
    answers: {
      200: { description: 'Two-factor is on; the account is mailed a notice.', schema: recoveryCodesAnswer },
      400: error('`INVALID_OTP` (a wrong code, or not one), `OTP_NOT_STARTED`, `OTP_ALREADY_ENABLED`, or a malformed body.'),
      401: AUTHORIZATION_REQUIRED,
      429: throttled,
    },
    examples: [
      { summary: 'A current code', given: 'two-factor-pending', params: { id: 'me' }, auth: 'authorization', body: { otp: '287082' }, status: 200 },
      { summary: 'Not a code', given: 'two-factor-pending', params: { id: 'me' }, auth: 'authorization', body: { otp: 'not-a-code' }, status: 400 },
      { summary: 'Nothing started', params: { id: 'me' }, auth: 'authorization', body: { otp: '287082' }, status: 400 },
    ],
  },
  {
    method: 'delete',
    path: '/api/users/{id}/otp',
    operationId: 'User.prototype.disableTwoFactor',
    summary: 'Turn two-factor off',
    description:
      'Needs the current password and a code (or a recovery code). The key and the recovery codes are deleted; the account is mailed a notice.',
    tag: 'Two-factor',
    auth: 'token',
    parameters: [idParam],
    body: { schema: twoFactorOffBody, required: true },
    answers: {
      204: { description: 'Off.' },
      400: error('`CURRENT_PASSWORD_REQUIRED`, `INVALID_PASSWORD`, `INVALID_OTP` (a wrong or reused code), `OTP_NOT_ENABLED`, or a malformed body.'),
      401: AUTHORIZATION_REQUIRED,
      429: throttled,
    },
    examples: [
      {
        summary: 'With the current code',
        given: 'two-factor',
        params: { id: 'me' },
        auth: 'authorization',
        body: { currentPassword: 'velvet9heron', otp: '287082' },
        status: 204,
      },
      {
        summary: 'With a recovery code',
        given: 'two-factor',
        params: { id: 'me' },
        auth: 'authorization',
        body: { currentPassword: 'velvet9heron', otp: 'k7mq-3xza-p2rt-9hvw' },
        status: 204,
      },
      {
        summary: 'A wrong code',
        given: 'two-factor',
        params: { id: 'me' },
        auth: 'authorization',
        body: { currentPassword: 'velvet9heron', otp: 'not-a-code' },
        status: 400,
      },
      { summary: 'Not on', params: { id: 'me' }, auth: 'authorization', body: { currentPassword: 'velvet9heron', otp: '287082' }, status: 400 },
    ],
  },
  {
    method: 'post',
    path: '/api/users/{id}/otp/recovery-codes',
    operationId: 'User.prototype.newRecoveryCodes',
    summary: 'New recovery codes',
    description: 'Ten new codes for the current password; the old ones stop working. The account is mailed a notice.',
    tag: 'Two-factor',
    auth: 'token',
    parameters: [idParam],
    body: { schema: currentPasswordBody, required: true },
    answers: {
      200: { description: 'The new codes, shown this once.', schema: recoveryCodesAnswer },
      400: error('`CURRENT_PASSWORD_REQUIRED`, `INVALID_PASSWORD`, `OTP_NOT_ENABLED`, or a malformed body.'),
      401: AUTHORIZATION_REQUIRED,
      429: throttled,
    },
    examples: [
      {
        summary: 'Two-factor on',
        given: 'two-factor',
        params: { id: 'me' },
        auth: 'authorization',
        body: { currentPassword: 'velvet9heron' },
        status: 200,
      },
      { summary: 'Two-factor off', params: { id: 'me' }, auth: 'authorization', body: { currentPassword: 'velvet9heron' }, status: 400 },
    ],
  },
  {
    method: 'get',
    path: '/api/users/{id}/identities',
    operationId: 'User.prototype.__get__identities',
    summary: 'List my identities at sign-in providers',
    description:
      "LoopBack's `User.identities` relation (loopback-component-passport), owner only, oldest first, never a provider token. Identities are made by signing in at the provider (`/auth/<id>`, `/link/<id>`), never posted (docs/decisions/022).",
    tag: 'Identities',
    auth: 'token',
    parameters: [idParam],
    answers: { 200: { description: 'The linked identities.', schema: z.array(identityJson) }, 401: AUTHORIZATION_REQUIRED },
    examples: [
      { summary: 'One linked', given: 'identity', params: { id: 'me' }, auth: 'authorization', status: 200 },
      { summary: 'None', params: { id: 'me' }, auth: 'authorization', status: 200 },
      { summary: 'Anonymous', params: { id: '1' }, status: 401 },
    ],
  },
  {
    method: 'get',
    path: '/api/users/{id}/identities/{identityId}',
    operationId: 'User.prototype.__findById__identities',
    summary: 'Read one of my identities',
    description: 'Owner only.',
    tag: 'Identities',
    auth: 'token',
    parameters: [idParam, identityIdParam],
    answers: {
      200: { description: 'The identity.', schema: identityJson },
      401: AUTHORIZATION_REQUIRED,
      404: error('`MODEL_NOT_FOUND` \'Unknown "UserIdentity" id\'.'),
    },
    examples: [
      { summary: 'Mine', given: 'identity', params: { id: 'me', identityId: '7' }, auth: 'authorization', status: 200 },
      { summary: 'Unknown', params: { id: 'me', identityId: '999999' }, auth: 'authorization', status: 404 },
    ],
  },
  {
    method: 'delete',
    path: '/api/users/{id}/identities/{identityId}',
    operationId: 'User.prototype.__destroyById__identities',
    summary: 'Unlink one of my identities',
    description: 'Owner only. Never the last way to sign in: an account without a password keeps its last identity.',
    tag: 'Identities',
    auth: 'token',
    parameters: [idParam, identityIdParam],
    answers: {
      204: { description: 'Unlinked.' },
      400: error('`LAST_SIGN_IN_METHOD`: the account has no password and no other identity.'),
      401: AUTHORIZATION_REQUIRED,
      404: error('`MODEL_NOT_FOUND` \'Unknown "UserIdentity" id\'.'),
    },
    examples: [
      { summary: 'Mine', given: 'identity', params: { id: 'me', identityId: '7' }, auth: 'authorization', status: 204 },
      { summary: 'Unknown', params: { id: 'me', identityId: '999999' }, auth: 'authorization', status: 404 },
    ],
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'openapi',
    summary: 'This description',
    description: 'OpenAPI 3.1. The interactive explorer at `/explorer` reads it (when API_EXPLORER is on).',
    tag: 'Description',
    auth: 'none',
    answers: { 200: { description: 'The OpenAPI document.', schema: z.looseObject({ openapi: z.literal('3.1.0') }) } },
    examples: [{ summary: 'The document', status: 200 }],
    database: false,
  },
  {
    method: 'get',
    path: '/api/health',
    operationId: 'health',
    summary: 'Liveness',
    description:
      'The process is up and serving. Asks nothing of the database, so an outage there does not make an orchestrator restart the process. Not throttled; never cached.',
    tag: 'Health',
    auth: 'none',
    answers: { 200: { description: 'Up.', schema: healthStatus } },
    examples: [{ summary: 'Up', status: 200 }],
    database: false,
  },
  {
    method: 'get',
    path: '/api/ready',
    operationId: 'ready',
    summary: 'Readiness',
    description: 'The database answers a trivial query within a second. Not throttled; never cached.',
    tag: 'Health',
    auth: 'none',
    answers: { 200: { description: 'Ready to serve.', schema: healthStatus } },
    examples: [{ summary: 'Ready', status: 200 }],
  },
];

/** Every way a token may be presented, first hit wins in this order: query, X-Access-Token, Authorization. */
const securitySchemes = {
  accessTokenQuery: {
    type: 'apiKey',
    in: 'query',
    name: 'access_token',
    description: 'The token as the `access_token` query parameter (the answer is then `Cache-Control: no-store`).',
  },
  xAccessToken: { type: 'apiKey', in: 'header', name: 'X-Access-Token' },
  authorization: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: "The raw token as the Authorization header: LoopBack's own way.",
  },
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description: "`Bearer base64(token)` (LoopBack's clients) or `Bearer token` (RFC 6750; a deliberate superset).",
  },
  basic: {
    type: 'http',
    scheme: 'basic',
    description: 'The token as the user name, no password: `curl -u TOKEN:`. As in LoopBack, the longer half is taken as the token.',
  },
} as const;

const TOKEN_SECURITY = Object.keys(securitySchemes).map((name) => ({ [name]: [] }));

/** OpenAPI 3.1 schemas take the document's dialect, and a fragment-only `$id` is not valid there. */
function stripped(schema: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...schema };
  delete rest.$schema;
  delete rest.$id;
  return rest;
}

/** A schema with no `id` of its own (a partial or a list of a registered one), written out in place. */
function schemaOf(schema: Schema): Record<string, unknown> {
  return stripped(z.toJSONSchema(schema, { unrepresentable: 'any' }) as Record<string, unknown>);
}

function componentSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(apiSchemas, { uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, stripped(schema as Record<string, unknown>)]));
}

/** A registered schema is referred to by name; anything else is written out in place. */
function refOrInline(schema: Schema): Record<string, unknown> {
  const id = apiSchemas.get(schema)?.id;
  return id ? { $ref: `#/components/schemas/${id}` } : schemaOf(schema);
}

const INTERNAL_ERROR: Answer = { description: 'A fault on the server: a fixed message, never a stack.', schema: internalErrorEnvelope };

/** Every operation that asks the database may answer 503 while it is away, besides its own reasons. */
function withDatabaseAway(own: Answer | undefined): Answer {
  return own ? { ...own, description: `${own.description} Or ${DATABASE_AWAY.replace('`SERVICE_UNAVAILABLE`: ', '')}` } : databaseAway;
}

function operationObject(op: Operation): Record<string, unknown> {
  const responses = Object.fromEntries(
    Object.entries({ ...op.answers, ...(op.database !== false && { 503: withDatabaseAway(op.answers[503]) }), 500: INTERNAL_ERROR }).map(
      ([status, answer]) => [
        status,
        {
          description: answer.description,
          ...(answer.headers && { headers: answer.headers }),
          ...(answer.schema && { content: { 'application/json': { schema: refOrInline(answer.schema) } } }),
        },
      ],
    ),
  );
  const withBody = op.examples.filter((example) => example.body !== undefined);
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: op.description,
    tags: [op.tag],
    security: op.auth === 'token' ? TOKEN_SECURITY : [],
    ...(op.parameters && { parameters: op.parameters }),
    ...(op.body && {
      requestBody: {
        required: op.body.required ?? false,
        content: Object.fromEntries(
          ['application/json', 'application/x-www-form-urlencoded'].map((type) => [
            type,
            {
              schema: refOrInline(op.body!.schema),
              ...(withBody.length > 0 && {
                examples: Object.fromEntries(withBody.map((example, i) => [`example${i + 1}`, { summary: example.summary, value: example.body }])),
              }),
            },
          ]),
        ),
      },
    }),
    responses,
    'x-examples': op.examples,
  };
}

/** The OpenAPI 3.1 document for this server, as `GET /api/openapi.json` serves it. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Latchkey',
      version: '1',
      description: [
        "User accounts behind a REST API wire-compatible with LoopBack 3's built-in `User` model: the same paths (also `/api/Users/…`), token locations, answers and error envelope, so LoopBack clients (lb-ng, the Android and iOS SDKs) work unchanged.",
        '',
        'Where LoopBack is unsafe, Latchkey is safer on purpose; each operation names its differences, and the README lists them all.',
        '',
        'Everything else LoopBack mounts on `User` (`GET /api/users`, `/findOne`, `/count`, `/{id}/exists`, `PATCH /api/users`, `/replaceOrCreate`, `/upsertWithWhere`, `/update`, `/change-stream`, …) answers 401 `AUTHORIZATION_REQUIRED`, as in a stock LoopBack app; an unknown path or verb under `/api` answers 404 with the error envelope.',
        '',
        'Try it here: log in with `POST /api/users/login`; the explorer then sends the token it got with every call (or paste one under **Authorize**).',
      ].join('\n'),
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'User', description: "LoopBack's `User` model." },
      { name: 'Sessions', description: "The owner's own access tokens (a deliberate extension)." },
      { name: 'Two-factor', description: 'Authenticator-app codes and recovery codes (not in LoopBack).' },
      { name: 'Identities', description: "The owner's accounts at sign-in providers: LoopBack passport's `UserIdentity`." },
      { name: 'Description', description: 'This document.' },
      { name: 'Health', description: 'For load balancers and orchestrators: liveness and readiness.' },
    ],
    paths,
    components: { schemas: componentSchemas(), securitySchemes },
  };
}
