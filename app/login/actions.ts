'use server';

import { guardForm } from '@/app/_lib/database-away';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { login, type AuthFailure, type LoginOptions, type LoginSuccess, type Result } from '@/lib/auth';
import { env } from '@/lib/env';
import { readDeviceCookie, rememberDevice } from '@/lib/cookies/device';
import { startSession } from '@/lib/cookies/session';
import { forgetLoginHint } from './hint';
import { CHECK_FIELDS, INVALID_CREDENTIALS, serviceBusy, tooManyAttempts } from '@/app/_lib/auth-messages';
import type { FormState } from '@/app/_lib/form-state';
import { validateForm } from '@/app/_lib/validate-form';
import { actionContext } from '@/app/_lib/request-context';
import { safeNextPath } from '@/app/_lib/safe-next';
import { rememberPendingVerification } from '@/lib/cookies/pending-verification';
import { rememberPendingLogin } from '@/lib/cookies/pending-login';
import { beginPendingLogin } from '@/lib/auth/pending-login';

export type LoginField = 'identifier' | 'password' | 'realm';
export type LoginState = FormState<LoginField>;

const schema = z.object({
  identifier: z.string().trim().min(1, 'Enter your email address or username.').max(254, 'That is too long for an email or username.'),
  password: z.string().min(1, 'Enter your password.'),
  // Read only where realms are required; lib/auth decides whether one was given (field or prefix).
  realm: z.string().trim().max(128, 'That realm is too long.'),
});

/**
 * One field takes an email or a username, as LoopBack's login takes either. A value with an `@`
 * is tried as an email first and then as a username (usernames may contain `@`); both attempts
 * cost one bcrypt comparison whether or not the account exists, so timing tells nothing.
 */
async function loginByIdentifier(
  identifier: string,
  password: string,
  realm: string,
  context: LoginOptions & { deviceNote?: string },
): Promise<Result<LoginSuccess>> {
  const inRealm = realm === '' ? {} : { realm };
  if (identifier.includes('@')) {
    const byEmail = await login({ email: identifier, password, ...inRealm }, context);
    if (byEmail.ok || byEmail.error.code !== 'LOGIN_FAILED') return byEmail;
  }
  return login({ username: identifier, password, ...inRealm }, context);
}

function realmMissing(): string {
  const delimiter = env.REALM_DELIMITER;
  return delimiter ? `Enter your realm, or put it before your email or username, like team${delimiter}name@example.com.` : 'Enter your realm.';
}

/** Only someone who gave the right password learns that the address still needs confirming. */
function unconfirmedAccount(failure: AuthFailure): number | null {
  return failure.code === 'LOGIN_FAILED_EMAIL_NOT_VERIFIED' && failure.userId !== undefined ? failure.userId : null;
}

export const loginAction = guardForm(async function loginAction(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const form = validateForm(formData, {
    fields: ['identifier', 'password', 'realm', 'next'],
    schema,
    echo: ['identifier', 'realm'],
    prepare: (fields) => {
      if (!env.REALM_REQUIRED) fields.realm = '';
    },
  });
  if (!form.ok) return form.state;
  const { fields, values } = form;
  const { identifier, password, realm } = form.data;
  const context = { ...(await actionContext()), browser: true, deviceNote: await readDeviceCookie() };
  const result = await loginByIdentifier(identifier, password, realm, context);
  if (!result.ok) {
    if (result.error.code === 'REALM_REQUIRED') {
      return { status: 'error', message: CHECK_FIELDS, fieldErrors: { realm: [realmMissing()] }, values };
    }
    if (result.error.code === 'OTP_REQUIRED' && result.error.userId !== undefined) {
      // Right password, code still to come: the account waits in a sealed five-minute cookie.
      const pending = await beginPendingLogin(result.error.userId);
      if (pending) {
        await rememberPendingLogin({ ...pending, next: safeNextPath(fields.next) });
        redirect('/login/two-factor');
      }
    }
    const unconfirmed = unconfirmedAccount(result.error);
    if (unconfirmed !== null) {
      // The page that explains what to do offers a new link for this account, and names nothing.
      await rememberPendingVerification(unconfirmed);
      redirect('/verify/sent?reason=unconfirmed');
    }
    return { status: 'error', message: tooManyAttempts(result.error) ?? serviceBusy(result.error) ?? INVALID_CREDENTIALS, values };
  }
  await startSession(result.value);
  await rememberDevice(result.value.userId);
  await forgetLoginHint();
  redirect(safeNextPath(fields.next) ?? '/account');
});
