import type { ComponentProps } from 'react';
import { PlainTextField } from './plain-text-field';

/**
 * A field for a code from an authenticator app (or a recovery code, when `recovery` is set, so
 * the keyboard offers letters too). `one-time-code` lets the browser offer a code it knows.
 */
export function OneTimeCodeField({ recovery = false, ...props }: Omit<ComponentProps<typeof PlainTextField>, 'type'> & { recovery?: boolean }) {
  return <PlainTextField autoComplete="one-time-code" inputMode={recovery ? 'text' : 'numeric'} maxLength={64} {...props} />;
}
