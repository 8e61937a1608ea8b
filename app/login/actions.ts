'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { login, type LoginSuccess, type RequestContext, type Result } from '@/lib/auth';
import { startSession } from '@/lib/session';
import { CHECK_FIELDS, INVALID_CREDENTIALS, tooManyAttempts } from '@/app/_lib/auth-messages';
import { readFields, type FormState } from '@/app/_lib/form-state';
import { actionContext } from '@/app/_lib/request-context';
import { safeNextPath } from '@/app/_lib/safe-next';

export type LoginField = 'identifier' | 'password';
export type LoginState = FormState<LoginField>;

const schema = z.object({
  identifier: z.string().trim().min(1, 'Enter your email address or username.').max(254, 'That is too long for an email or username.'),
  password: z.string().min(1, 'Enter your password.'),
});

/**
 * One field takes an email or a username, as LoopBack's login takes either. A value with an `@`
 * is tried as an email first and then as a username (usernames may contain `@`); both attempts
 * cost one bcrypt comparison whether or not the account exists, so timing tells nothing.
 */
async function logInWith(identifier: string, password: string, context: RequestContext): Promise<Result<LoginSuccess>> {
  if (identifier.includes('@')) {
    const byEmail = await login({ email: identifier, password }, context);
    if (byEmail.ok || byEmail.error.code !== 'LOGIN_FAILED') return byEmail;
  }
  return login({ username: identifier, password }, context);
}

const NOT_VERIFIED = "Your email address isn't confirmed yet. Follow the link in the email we sent you, then log in.";

export async function logIn(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const fields = readFields(formData, ['identifier', 'password', 'next']);
  const values = { identifier: fields.identifier };
  const parsed = schema.safeParse(fields);
  if (!parsed.success) {
    return { status: 'error', message: CHECK_FIELDS, fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  }
  const result = await logInWith(parsed.data.identifier, parsed.data.password, await actionContext());
  if (!result.ok) {
    // Only someone who gave the right password learns that the address still needs confirming.
    const unverified = result.error.code === 'LOGIN_FAILED_EMAIL_NOT_VERIFIED' ? NOT_VERIFIED : null;
    return { status: 'error', message: tooManyAttempts(result.error) ?? unverified ?? INVALID_CREDENTIALS, values };
  }
  await startSession(result.value);
  redirect(safeNextPath(fields.next) ?? '/account');
}
