'use server';

import { guardForm } from '@/app/_lib/database-away';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { completePendingLogin } from '@/lib/auth/pending-login';
import { rememberDevice } from '@/lib/cookies/device';
import { forgetPendingLogin, pendingLogin } from '@/lib/cookies/pending-login';
import { startSession } from '@/lib/cookies/session';
import { CHECK_FIELDS, tooManyAttempts } from '@/app/_lib/auth-messages';
import type { FormState } from '@/app/_lib/form-state';
import { validateForm } from '@/app/_lib/validate-form';
import { actionContext } from '@/app/_lib/request-context';
import { forgetLoginHint } from '@/app/login/hint';

export type SecondStepField = 'code';
/** Never holds the code: a failed attempt starts from an empty field. */
export type SecondStepState = FormState<SecondStepField> & { expired?: boolean };

const schema = z.object({
  code: z.string().trim().min(1, 'Enter the code from your authenticator app, or a recovery code.').max(64, 'That is too long for a code.'),
});

const EXPIRED_MESSAGE = 'Your sign-in timed out. Log in again with your password.';

/** The second step of a login: a code for the account in the sealed pending-login cookie. */
export const verifyLoginCodeAction = guardForm(async function verifyLoginCodeAction(
  _previous: SecondStepState,
  formData: FormData,
): Promise<SecondStepState> {
  const pending = await pendingLogin();
  if (!pending) return { status: 'error', expired: true, message: EXPIRED_MESSAGE };
  const form = validateForm(formData, { fields: ['code'], schema });
  if (!form.ok) return form.state;
  const result = await completePendingLogin(pending, form.data.code, { ...(await actionContext()), browser: true });
  if (!result.ok) {
    const throttled = tooManyAttempts(result.error);
    if (throttled) return { status: 'error', message: throttled };
    if (result.error.code === 'LOGIN_FAILED') {
      // The password was changed meanwhile, or the account is gone: start again.
      await forgetPendingLogin();
      return { status: 'error', expired: true, message: EXPIRED_MESSAGE };
    }
    return {
      status: 'error',
      message: CHECK_FIELDS,
      fieldErrors: { code: ["That code didn't work. Codes work once; wait for the next one, or use a recovery code."] },
    };
  }
  await forgetPendingLogin();
  await startSession(result.value);
  await rememberDevice(result.value.userId);
  await forgetLoginHint();
  const use = result.value.use;
  if (use.method === 'recovery_code') redirect('/account/two-factor?status=recovery-code-used');
  redirect(pending.next ?? '/account');
});
