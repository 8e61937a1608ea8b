import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Stored trimmed and lower-cased; emails match case-insensitively. */
    email: text('email').notNull(),
    username: text('username'),
    realm: text('realm'),
    /**
     * The namespace in which email and username must be unique: the realm when realms partition
     * users, '' otherwise. Kept as a column so the database itself enforces either rule.
     */
    uniqueScope: text('unique_scope').notNull().default(''),
    /** Null for an account made by a sign-in provider that has not set a password yet. */
    passwordHash: text('password_hash'),
    emailVerified: boolean('email_verified').notNull().default(false),
    /**
     * Bumped with every password set, reset or change and every email change that takes effect.
     * A token is valid only while it carries the current number, so a login that checked the old
     * password cannot outlive the change, however the two race.
     */
    credentialVersion: integer('credential_version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.uniqueScope, t.email),
    uniqueIndex('users_username_key')
      .on(t.uniqueScope, t.username)
      .where(sql`${t.username} is not null`),
  ],
);

export const accessTokens = pgTable(
  'access_tokens',
  {
    /** SHA-256 (hex) of the token; the token itself is never stored. */
    id: text('id').primaryKey(),
    /** Public, non-secret handle used to list and revoke sessions. */
    handle: text('handle').notNull().unique(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Seconds; -1 never expires (only when ALLOW_ETERNAL_TOKENS). */
    ttl: integer('ttl').notNull(),
    scopes: text('scopes').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    userAgent: text('user_agent'),
    /** The user's `credential_version` when the token was issued; another number means revoked. */
    credentialVersion: integer('credential_version').notNull().default(1),
    /** Issued to the browser UI: ends after SESSION_IDLE_TIMEOUT unused, where REST tokens keep their ttl. */
    browser: boolean('browser').notNull().default(false),
    /** The address it was issued to, so its owner can tell two sessions of one browser apart. */
    sourceAddress: text('source_address'),
  },
  (t) => [index('access_tokens_user_id_idx').on(t.userId)],
);

/** Single-use email-verification links, bound to the address they were sent to. */
export const verificationTokens = pgTable(
  'verification_tokens',
  {
    /** SHA-256 (hex) of the token. */
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The address the link was sent to; a changed email voids the link. */
    email: text('email').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('verification_tokens_user_id_idx').on(t.userId)],
);

/**
 * Asked-for email changes. The new address takes effect only from the link mailed to it (`id`);
 * the old address gets a link that undoes the change (`undoTokenHash`). Both stored hashed.
 */
export const emailChanges = pgTable(
  'email_changes',
  {
    /** SHA-256 (hex) of the confirmation token mailed to the new address. */
    id: text('id').primaryKey(),
    /** SHA-256 (hex) of the undo token mailed to the old address. */
    undoTokenHash: text('undo_token_hash').notNull().unique(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    oldEmail: text('old_email').notNull(),
    newEmail: text('new_email').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    undoExpiresAt: timestamp('undo_expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'date' }),
    /** Set when the old address undid an applied change: the owner is told to reset the password. */
    revertedAt: timestamp('reverted_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('email_changes_user_id_idx').on(t.userId)],
);

/**
 * Throttling counters, shared by every app instance through the database. One row per key
 * (`login-account:<identifier>`, `login-source:<address>`, …).
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true, mode: 'date' }).notNull(),
    blockedUntil: timestamp('blocked_until', { withTimezone: true, mode: 'date' }),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('rate_limits_updated_at_idx').on(t.updatedAt)],
);

/**
 * A user's authenticator-app secret (RFC 6238). One row per user: `enabledAt` is null while the
 * enrolment waits for its first code, and set once a code has confirmed it.
 */
export const twoFactorCredentials = pgTable('two_factor_credentials', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** The secret, AES-256-GCM under a key derived from SESSION_SECRET; never stored in clear. */
  secretCiphertext: text('secret_ciphertext').notNull(),
  enabledAt: timestamp('enabled_at', { withTimezone: true, mode: 'date' }),
  /** The time step of the last accepted code: that code and older ones are refused (replay). */
  lastUsedStep: bigint('last_used_step', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Single-use recovery codes, stored only as SHA-256 hashes; a new set replaces the old. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** SHA-256 (hex) of the normalised code. */
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  // Leads with user_id, so it is also the index for the user's codes.
  (t) => [uniqueIndex('recovery_codes_user_id_code_hash_key').on(t.userId, t.codeHash)],
);

/** The audit trail. Never a password or a token. */
export const authEvents = pgTable(
  'auth_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    type: text('type').notNull(),
    outcome: text('outcome').notNull(),
    reason: text('reason'),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The normalised email or username the request named, known account or not. */
    identifier: text('identifier'),
    sourceAddress: text('source_address'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('auth_events_user_id_created_at_idx').on(t.userId, t.createdAt), index('auth_events_created_at_idx').on(t.createdAt)],
);

/**
 * Accounts at sign-in providers linked to a user (LoopBack passport's `UserIdentity`). Who a
 * person is at a provider is (provider, subject), never the email alone. No provider token is kept.
 */
export const identities = pgTable(
  'identities',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The provider's id in Latchkey's settings (`google`, `github`). */
    provider: text('provider').notNull(),
    /** `openid connect` or `oauth2`, as LoopBack's `authScheme`. */
    authScheme: text('auth_scheme').notNull(),
    /** The provider's stable id for the account (`sub`; GitHub's numeric id). */
    subject: text('subject').notNull(),
    /** The address the provider gave last, lower-cased, and whether the provider said it is verified. */
    email: text('email'),
    emailVerified: boolean('email_verified').notNull().default(false),
    /** Display name and username at the provider, shown on the account page. */
    displayName: text('display_name'),
    username: text('username'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('identities_provider_subject_key').on(t.provider, t.subject), index('identities_user_id_idx').on(t.userId)],
);

/**
 * Mail waiting to go (docs/decisions/025). A row is written in the transaction of the change that
 * causes the message; the sender claims it, sends it, retries with growing delays, and gives up
 * after MAIL_GIVE_UP_AFTER. `payload` is sealed (AES-256-GCM, a key derived from SESSION_SECRET)
 * because it holds link tokens; it is cleared once the row is sent or has failed.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Which message (`resetPassword`, `verifyEmail` …): the rest is in the sealed payload. */
    kind: text('kind').notNull(),
    payload: text('payload'),
    /** `pending`, `sent` or `failed`. */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** When a sender may next claim it: a claim pushes it ahead by a lease, a failure by the backoff. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Why the last attempt failed, as the SMTP server said it (never the message or its links). */
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('outbox_messages_status_next_attempt_at_idx').on(t.status, t.nextAttemptAt)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type AccessTokenRow = typeof accessTokens.$inferSelect;
export type VerificationTokenRow = typeof verificationTokens.$inferSelect;
export type EmailChangeRow = typeof emailChanges.$inferSelect;
export type RateLimitRow = typeof rateLimits.$inferSelect;
export type AuthEventRow = typeof authEvents.$inferSelect;
export type TwoFactorCredentialRow = typeof twoFactorCredentials.$inferSelect;
export type RecoveryCodeRow = typeof recoveryCodes.$inferSelect;
export type IdentityRow = typeof identities.$inferSelect;
export type OutboxMessageRow = typeof outboxMessages.$inferSelect;
