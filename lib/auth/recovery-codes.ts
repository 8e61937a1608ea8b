import { randomBytes } from 'node:crypto';
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { getDb, recoveryCodes } from '@/lib/db';
import type { Executor } from './access-tokens';
import { sha256 } from './random';

/**
 * Single-use recovery codes for an account with two-factor on (docs/decisions/023-two-factor.md):
 * ten at a time, shown once, stored only as hashes.
 */
const RECOVERY_CODE_COUNT = 10;

// Without 0/1/l/o, so a code copied by hand reads one way: 32 symbols, 5 bits each.
const RECOVERY_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** `xxxx-xxxx-xxxx-xxxx`: 80 random bits, too many to search through a leaked hash. */
function newRecoveryCode(): string {
  const bytes = randomBytes(16);
  let code = '';
  for (let i = 0; i < 16; i++) {
    code += RECOVERY_ALPHABET[bytes[i]! & 31];
    if (i % 4 === 3 && i < 15) code += '-';
  }
  return code;
}

/** Case, spaces and dashes do not matter. */
function normalizeRecoveryCode(code: string): string | null {
  const plain = code.toLowerCase().replace(/[\s-]/g, '');
  return plain.length === 16 && [...plain].every((c) => RECOVERY_ALPHABET.includes(c)) ? plain : null;
}

// A plain SHA-256 is enough for 80 random bits, and keeps the codes working if SESSION_SECRET
// changes: then they are the way back in to an account whose secret no longer opens.
const hashRecoveryCode = (normalized: string) => sha256(`latchkey recovery code:${normalized}`);

/** Unused codes the account has. */
export async function recoveryCodesLeft(userId: number): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}

/** Replaces the user's recovery codes with ten new ones, returned once, stored hashed. */
export async function replaceRecoveryCodes(userId: number, tx: Executor): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(normalizeRecoveryCode(code)!) })));
  return codes;
}

/** Spends the code if it is one of the account's unused ones: the codes left, or null. */
export async function spendRecoveryCode(userId: number, given: string): Promise<number | null> {
  const normalized = normalizeRecoveryCode(given);
  if (!normalized) return null;
  const db = await getDb();
  // One statement decides: of two requests with one code, only one spends it.
  const spent = await db
    .update(recoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(normalized)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return spent.length === 0 ? null : recoveryCodesLeft(userId);
}
