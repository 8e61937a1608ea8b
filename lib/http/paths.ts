// LoopBack's routing is case-insensitive (`/api/Users/Login` works); Next's is not. These are the
// fixed segments of the User API, spelled as Latchkey's route folders spell them.
const FIXED_SEGMENTS = new Map(
  [
    'users',
    'login',
    'logout',
    'reset',
    'reset-password',
    'change-password',
    'me',
    'accessTokens',
    'count',
    'exists',
    'replace',
    'verify',
    'confirm',
    'confirm-email-change',
    'undo-email-change',
    'findOne',
    'replaceOrCreate',
    'upsertWithWhere',
    'update',
    'change-stream',
    'otp',
    'recovery-codes',
  ].map((s) => [s.toLowerCase(), s]),
);

/** The canonical spelling of an `/api/users/...` path; other paths are returned unchanged. */
export function canonicalApiPath(pathname: string): string {
  const parts = pathname.split('/');
  // ['', 'api', 'users', ...]
  if (parts[1]?.toLowerCase() !== 'api' || parts[2]?.toLowerCase() !== 'users') return pathname;
  return parts
    .map((part, i) => {
      if (i < 2) return part.toLowerCase();
      // Ids and token handles are case-sensitive; only the API's own words are folded.
      return FIXED_SEGMENTS.get(part.toLowerCase()) ?? part;
    })
    .join('/');
}
