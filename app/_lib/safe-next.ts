import { safeRedirect } from '@/lib/http/safe-redirect';

/** Where to send someone after they log in: the `next` parameter only when it is a path on this site. */
export function safeNextPath(value: unknown): string | null {
  return typeof value === 'string' && value.length <= 512 ? safeRedirect(value) : null;
}
