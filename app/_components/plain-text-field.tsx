import type { ComponentProps } from 'react';
import { Field } from './field';

/**
 * A field for a name the visitor types exactly (username, realm, an email used as a login): no
 * automatic capitals, corrections or spell-checking, which would change what is sent.
 */
export function PlainTextField(props: ComponentProps<typeof Field>) {
  return <Field type="text" autoCapitalize="none" autoCorrect="off" spellCheck={false} {...props} />;
}
