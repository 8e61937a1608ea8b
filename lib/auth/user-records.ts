/** Reading accounts and showing them: needed all over the core, so this depends on none of it but realms. */
import { and, eq } from 'drizzle-orm';
import { getDb, users, type User } from '@/lib/db';
import { env } from '@/lib/env';
import { inRealm } from './realms';

/** The user as every response shows it; never the hash, never a token. */
export interface UserJSON {
  email: string;
  username?: string;
  realm?: string;
  emailVerified: boolean;
  id: number;
}

export function toUserJSON(user: User): UserJSON {
  return {
    email: user.email,
    ...(user.username !== null && { username: user.username }),
    ...(user.realm !== null && { realm: user.realm }),
    emailVerified: user.emailVerified,
    id: user.id,
  };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserById(id: number): Promise<User | undefined> {
  if (!Number.isSafeInteger(id) || id < 1 || id > 2 ** 31 - 1) return undefined;
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return user;
}

/** The account with this email (in this realm, when one is named and realms are required). */
export async function findUserByEmail(email: string, realm?: string | null): Promise<User | undefined> {
  const db = await getDb();
  const conditions = [eq(users.email, normalizeEmail(email))];
  if (env.REALM_REQUIRED && realm) {
    conditions.push(...inRealm(realm));
  }
  const [user] = await db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(users.id)
    .limit(1);
  return user;
}
