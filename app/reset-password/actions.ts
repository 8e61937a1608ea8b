'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { findUserById, setPasswordWithResetToken } from '@/lib/auth';
import { RESET_COOKIE, resetCookieOptions } from '@/lib/cookies/reset-link';
import { clearSessionCookie } from '@/lib/cookies/session';
import { readFields, type FormState } from '@/app/_lib/form-state';
import { tooManyAttempts } from '@/app/_lib/auth-messages';
import { newPasswordProblem, passwordFailureMessage } from '@/app/_lib/passwords';
import { actionContext } from '@/app/_lib/request-context';
import { rememberLoginHint } from '@/app/login/hint';

export type ResetField = 'password' | 'code';
/** Holds no token and no password: the token lives only in an HttpOnly cookie (proxy.ts). */
export type ResetState = FormState<ResetField> & { linkExpired?: boolean };

const schema = z.object({
  password: z.string().superRefine((password, ctx) => {
    const problem = newPasswordProblem(password);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

export async function resetPasswordAction(_previous: ResetState, formData: FormData): Promise<ResetState> {
  const fields = readFields(formData, ['password', 'code']);
  const jar = await cookies();
  const token = jar.get(RESET_COOKIE)?.value;
  const parsed = schema.safeParse(fields);
  if (!parsed.success) {
    return { status: 'error', message: 'Please choose a valid password.', fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  const result = await setPasswordWithResetToken(token || undefined, parsed.data.password, await actionContext(), {
    otp: fields.code.trim().slice(0, 64),
  });
  if (!result.ok) {
    const throttled = tooManyAttempts(result.error);
    if (throttled) return { status: 'error', message: throttled };
    if (result.error.code === 'OTP_REQUIRED' || result.error.code === 'INVALID_OTP') {
      const message =
        result.error.code === 'OTP_REQUIRED'
          ? 'Enter the code from your authenticator app, or a recovery code.'
          : "That code didn't work. Codes work once; wait for the next one, or use a recovery code.";
      return { status: 'error', message: 'Please correct the highlighted fields.', fieldErrors: { code: [message] } };
    }
    if (result.error.status === 401) {
      return { status: 'error', linkExpired: true, message: 'This reset link has expired or has already been used. Request a new one.' };
    }
    return { status: 'error', message: 'Please choose a valid password.', fieldErrors: { password: [passwordFailureMessage(result.error)] } };
  }
  // Every session of the account ended with the reset, this browser's included; the link is spent.
  jar.set(RESET_COOKIE, '', resetCookieOptions(0));
  await clearSessionCookie();
  // Not signed in automatically (OWASP): the login page asks for the new password, the address
  // already filled in (docs/decisions/021).
  const user = await findUserById(result.value.userId);
  if (user) await rememberLoginHint(user);
  redirect('/login?status=password-reset');
}
