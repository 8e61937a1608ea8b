/** What the importer reads from a LoopBack 3 database, whatever the connector. */

/** One `User` row as LoopBack stored it; values are unchecked (a memory file can hold anything). */
export interface SourceUser {
  id: unknown;
  email: unknown;
  username: unknown;
  realm: unknown;
  password: unknown;
  emailVerified: unknown;
  verificationToken: unknown;
  /** Names of properties that hold a value but have no Latchkey column. */
  extra: string[];
}

/** One `AccessToken` row as LoopBack stored it. */
export interface SourceToken {
  id: unknown;
  ttl: unknown;
  created: unknown;
  userId: unknown;
  scopes: unknown;
}

export interface Source {
  /** Where the rows come from, for the report: never a password from a URL. */
  description: string;
  countUsers(): Promise<number>;
  countTokens(): Promise<number>;
  /** Every user, in batches of at most `size`. */
  users(size: number): AsyncIterable<SourceUser[]>;
  tokens(size: number): AsyncIterable<SourceToken[]>;
  close(): Promise<void>;
}

export interface SourceOptions {
  /** The user model's name (`User`, or `Account`, `Customer` … when the app extends it). */
  userModel: string;
  tokenModel: string;
  /** PostgreSQL schema of the tables. */
  schema: string;
}

/** A source that cannot be read as a LoopBack 3 database: a clear message, nothing written. */
export class SourceError extends Error {
  override name = 'SourceError';
}

export const USER_PROPERTIES = ['id', 'email', 'username', 'realm', 'password', 'emailVerified', 'verificationToken'] as const;
export const TOKEN_PROPERTIES = ['id', 'ttl', 'created', 'userId', 'scopes'] as const;
