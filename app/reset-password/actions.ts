'use server';

import { guardForm } from '@/app/_lib/database-away';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { findUserById, setPasswordWithResetToken } from '@/lib/auth';
import { RESET_COOKIE, resetCookieOptions } from '@/lib/cookies/reset-link';
import { clearSessionCookie } from '@/lib/cookies/session';
import type { FormState } from '@/app/_lib/form-state';
import { validateForm } from '@/app/_lib/validate-form';
import { CHECK_FIELDS, tooManyAttempts } from '@/app/_lib/auth-messages';
import { newPasswordProblem, passwordFailureMessage } from '@/app/_lib/passwords';
import { actionContext } from '@/app/_lib/request-context';
import { rememberLoginHint } from '@/app/login/hint';

export type ResetField = 'password' | 'code';
/** Holds no token and no password: the token lives only in an HttpOnly cookie (proxy.ts). */
export type ResetState = FormState<ResetField> & { linkExpired?: boolean };

const CHOOSE_VALID = 'Please choose a valid password.';

const schema = z.object({
  password: z.string().superRefine((password, ctx) => {
    const problem = newPasswordProblem(password);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

export const resetPasswordAction = guardForm(async function resetPasswordAction(_previous: ResetState, formData: FormData): Promise<ResetState> {
  const jar = await cookies();
  const rawToken = jar.get(RESET_COOKIE)?.value;
  const form = validateForm(formData, { fields: ['password', 'code'], schema, message: CHOOSE_VALID });
  if (!form.ok) return form.state;
  const result = await setPasswordWithResetToken(rawToken || undefined, form.data.password, await actionContext(), {
    otp: form.fields.code.trim().slice(0, 64),
  });
  if (!result.ok) {
    const throttled = tooManyAttempts(result.error);
    if (throttled) return { status: 'error', message: throttled };
    if (result.error.code === 'OTP_REQUIRED' || result.error.code === 'INVALID_OTP') {
      const message =
        result.error.code === 'OTP_REQUIRED'
          ? 'Enter the code from your authenticator app, or a recovery code.'
          : "That code didn't work. Codes work once; wait for the next one, or use a recovery code.";
      return { status: 'error', message: CHECK_FIELDS, fieldErrors: { code: [message] } };
    }
    // AUTHORIZATION_REQUIRED for a wrong or spent link, INVALID_TOKEN for an expired one.
    if (result.error.code === 'AUTHORIZATION_REQUIRED' || result.error.code === 'INVALID_TOKEN') {
      return { status: 'error', linkExpired: true, message: 'This reset link has expired or has already been used. Request a new one.' };
    }
    return { status: 'error', message: CHOOSE_VALID, fieldErrors: { password: [passwordFailureMessage(result.error)] } };
  }
  // Every session of the account ended with the reset, this browser's included; the link is spent.
  jar.set(RESET_COOKIE, '', resetCookieOptions(0));
  await clearSessionCookie();
  // Not signed in automatically (OWASP): the login page asks for the new password, the address
  // already filled in (docs/decisions/021).
  const user = await findUserById(result.value.userId);
  if (user) await rememberLoginHint(user);
  redirect('/login?status=password-reset');
});
