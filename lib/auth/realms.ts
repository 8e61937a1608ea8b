import { eq, type SQL } from 'drizzle-orm';
import { users } from '@/lib/db';
import { env } from '@/lib/env';
import { failure, type AuthFailure } from './result';

export const REALM_REQUIRED = failure(400, 'realm is required', 'REALM_REQUIRED');
export const INVALID_REALM = failure(400, 'Invalid realm', 'INVALID_REALM');

/** Email and username are unique per realm only when realms are required and a delimiter is set, as in LoopBack. */
function realmsPartitionUsers(): boolean {
  return env.REALM_REQUIRED && env.REALM_DELIMITER !== undefined;
}

/** What keeps a lookup of users inside `realm`: its accounts, and its namespace where realms partition users. */
export function inRealm(realm: string): SQL[] {
  return realmsPartitionUsers() ? [eq(users.realm, realm), eq(users.uniqueScope, realm)] : [eq(users.realm, realm)];
}

/** The namespace a user's email and username must be unique in (see users.unique_scope). */
export function uniqueScopeFor(realm: string | null): string {
  return realmsPartitionUsers() ? (realm ?? '') : '';
}

/** LoopBack's splitPrincipal: `realm<delimiter>name`, split at the first delimiter. */
export function splitPrincipal(name: string): { realm: string | null; name: string } {
  const delimiter = env.REALM_DELIMITER;
  if (!env.REALM_REQUIRED || !delimiter) return { realm: null, name };
  const at = name.indexOf(delimiter);
  return at === -1 ? { realm: null, name } : { realm: name.slice(0, at), name: name.slice(at + delimiter.length) };
}

/** The realm a request names, from `realm` or a prefix; realms count only when they are required. */
export function resolveRealm(explicit: unknown, prefixed: string | null): { realm: string | null } | { error: AuthFailure } {
  if (explicit !== undefined && explicit !== null && explicit !== '' && typeof explicit !== 'string') return { error: INVALID_REALM };
  if (!env.REALM_REQUIRED) return { realm: null };
  const realm = prefixed ?? (typeof explicit === 'string' && explicit !== '' ? explicit : null);
  return realm === null ? { error: REALM_REQUIRED } : { realm };
}
