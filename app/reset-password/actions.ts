'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { setPasswordWithResetToken } from '@/lib/auth';
import { clearSessionCookie } from '@/lib/session';
import { readFields, type FormState } from '@/app/_lib/form-state';
import { tooManyAttempts } from '@/app/_lib/auth-messages';
import { newPasswordProblem, passwordFailureMessage } from '@/app/_lib/passwords';
import { actionContext } from '@/app/_lib/request-context';

export type ResetField = 'password';
/** Holds no token and no password: the token lives only in the page's hidden field. */
export type ResetState = FormState<ResetField> & { linkExpired?: boolean };

const schema = z.object({
  password: z.string().superRefine((password, ctx) => {
    const problem = newPasswordProblem(password);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

export async function resetPasswordAction(_previous: ResetState, formData: FormData): Promise<ResetState> {
  const fields = readFields(formData, ['token', 'password']);
  const parsed = schema.safeParse(fields);
  if (!parsed.success) {
    return { status: 'error', message: 'Please choose a valid password.', fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  const result = await setPasswordWithResetToken(fields.token || undefined, parsed.data.password, await actionContext());
  if (!result.ok) {
    const throttled = tooManyAttempts(result.error);
    if (throttled) return { status: 'error', message: throttled };
    if (result.error.status === 401) {
      return { status: 'error', linkExpired: true, message: 'This reset link has expired or has already been used. Request a new one.' };
    }
    return { status: 'error', message: 'Please choose a valid password.', fieldErrors: { password: [passwordFailureMessage(result.error)] } };
  }
  // Every session of the account ended with the reset, this browser's included.
  await clearSessionCookie();
  redirect('/login?status=password-reset');
}
