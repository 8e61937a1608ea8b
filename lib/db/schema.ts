import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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
    passwordHash: text('password_hash').notNull(),
    emailVerified: boolean('email_verified').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.uniqueScope, t.email),
    uniqueIndex('users_username_key').on(t.uniqueScope, t.username).where(sql`${t.username} is not null`),
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
  },
  (t) => [index('access_tokens_user_id_idx').on(t.userId)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type AccessTokenRow = typeof accessTokens.$inferSelect;
