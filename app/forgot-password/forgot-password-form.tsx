'use client';

import { EmailField } from '@/app/_components/account-fields';
import { FormMessage } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { useActionForm } from '@/app/_components/use-action-form';
import { requestResetAction } from './actions';

export function ForgotPasswordForm() {
  const { state, formProps } = useActionForm(requestResetAction, { keepTyped: false });
  return (
    <form {...formProps} className="form">
      <FormMessage state={state} />
      <EmailField label="Email address" autoCapitalize="none" spellCheck={false} state={state} />
      <SubmitButton block pendingLabel="Sending…">
        {state.status === 'success' ? 'Send another link' : 'Send reset link'}
      </SubmitButton>
    </form>
  );
}
