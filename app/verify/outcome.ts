/**
 * What opening a confirmation link came to, carried from the link to the clean /verify URL as a
 * fixed key (and, when throttled, a whole number of minutes): the query can never put words on
 * the page, and the token never appears in it.
 */
export type VerifyOutcome = { result: 'confirmed' } | { result: 'already' } | { result: 'invalid' } | { result: 'throttled'; retryMinutes: number };

const MAX_MINUTES = 24 * 60;

function minutesFrom(seconds: number | undefined): number {
  return Math.min(MAX_MINUTES, Math.max(1, Math.ceil((seconds ?? 60) / 60)));
}

export function verifyOutcomePath(outcome: { result: 'confirmed' | 'already' | 'invalid' } | { result: 'throttled'; retryAfter?: number }): string {
  if (outcome.result === 'throttled') return `/verify?result=throttled&retry=${minutesFrom(outcome.retryAfter)}`;
  return `/verify?result=${outcome.result}`;
}

/** Reads the key back; anything unknown (including a bare /verify) reads as a link that does not work. */
export function readVerifyOutcome(result: string | undefined, retry: string | undefined): VerifyOutcome {
  switch (result) {
    case 'confirmed':
    case 'already':
      return { result };
    case 'throttled': {
      const minutes = retry !== undefined && /^\d{1,4}$/.test(retry) ? Number(retry) : 1;
      return { result, retryMinutes: Math.min(MAX_MINUTES, Math.max(1, minutes)) };
    }
    default:
      return { result: 'invalid' };
  }
}
