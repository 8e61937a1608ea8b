'use server';

import { guardForm } from '@/app/_lib/database-away';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { createUser, login, type AuthFailure, type FieldCode } from '@/lib/auth';
import { env } from '@/lib/env';
import { startSession } from '@/lib/cookies/session';
import { CHECK_FIELDS, EMAIL_TAKEN, tooManyAttempts } from '@/app/_lib/auth-messages';
import type { FormState } from '@/app/_lib/form-state';
import { validateForm } from '@/app/_lib/validate-form';
import { newPasswordProblem, passwordFailureMessage } from '@/app/_lib/passwords';
import { actionContext } from '@/app/_lib/request-context';
import { safeNextPath } from '@/app/_lib/safe-next';
import { rememberPendingVerification } from '@/lib/cookies/pending-verification';

export type SignupField = 'email' | 'username' | 'password' | 'realm';
export type SignupState = FormState<SignupField>;

const REALM_MISSING = 'Enter the realm this account belongs to.';

// A first pass so every field is reported at once; lib/auth still has the last word (its email
// pattern, uniqueness) and its answers are mapped back onto the fields below.
const schema = (fields: Record<SignupField, string>) =>
  z.object({
    email: z
      .string()
      .trim()
      // One message per field: an empty address is not also reported as malformed.
      .min(1, { message: 'Enter your email address.', abort: true })
      .max(254, { message: 'That email address is too long.', abort: true })
      .regex(/^[^\s@]+@[^\s@]+$/, 'Enter a valid email address, like name@example.com.'),
    username: z
      .string()
      .trim()
      .max(128, 'Use at most 128 characters.')
      .transform((v) => (v === '' ? undefined : v)),
    // Judged alongside the other fields, as typed: it may not contain the email or username.
    password: z.string().superRefine((password, ctx) => {
      const problem = newPasswordProblem(password, { email: fields.email.trim(), username: fields.username.trim() || null });
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    // Asked for only where realms are required (the field is not shown otherwise).
    realm: z
      .string()
      .trim()
      .max(128, 'Use at most 128 characters.')
      .refine((v) => !env.REALM_REQUIRED || v !== '', REALM_MISSING),
  });

/** lib/auth's field codes, worded for a person, field by field. */
const FIELD_WORDS: Record<'email' | 'username' | 'password', Partial<Record<FieldCode, string>>> = {
  email: { presence: 'This field is required.', 'custom.email': 'Enter a valid email address, like name@example.com.', uniqueness: EMAIL_TAKEN },
  username: { 'custom.username': 'Use 1 to 128 characters, without spaces at either end.', uniqueness: 'That username is taken. Try another.' },
  password: { presence: 'This field is required.' },
};

function fieldErrorsFrom(failure: AuthFailure, password: string): SignupState['fieldErrors'] | null {
  if (failure.name === 'ValidationError' && failure.details) {
    const errors: NonNullable<SignupState['fieldErrors']> = {};
    for (const field of ['email', 'username', 'password'] as const) {
      const codes = failure.details.codes[field] ?? [];
      if (codes.length) errors[field] = codes.map((code) => FIELD_WORDS[field][code as FieldCode] ?? 'Check this field.');
    }
    return Object.keys(errors).length ? errors : null;
  }
  if (failure.code === 'REALM_REQUIRED' || failure.code === 'INVALID_REALM') return { realm: [REALM_MISSING] };
  if (failure.code === 'INVALID_PASSWORD' || failure.code === 'PASSWORD_TOO_LONG') {
    return { password: [newPasswordProblem(password) ?? passwordFailureMessage(failure)] };
  }
  return null;
}

export const signupAction = guardForm(async function signupAction(_previous: SignupState, formData: FormData): Promise<SignupState> {
  const form = validateForm(formData, {
    fields: ['email', 'username', 'password', 'realm', 'next'],
    schema,
    echo: ['email', 'username', 'realm'],
    prepare: (fields) => {
      if (!env.REALM_REQUIRED) fields.realm = '';
    },
  });
  if (!form.ok) return form.state;
  const { fields, values } = form;
  const { email, username, password, realm } = form.data;
  const inRealm = realm === '' ? {} : { realm };
  const context = await actionContext();
  const created = await createUser({ email, password, ...(username !== undefined && { username }), ...inRealm }, context);
  if (!created.ok) {
    const fieldErrors = fieldErrorsFrom(created.error, password);
    const message = tooManyAttempts(created.error) ?? (fieldErrors ? CHECK_FIELDS : 'We could not create your account. Please try again.');
    return { status: 'error', message, ...(fieldErrors && { fieldErrors }), values };
  }
  if (env.EMAIL_VERIFICATION_REQUIRED) {
    // createUser mails the link once the response has gone; the next page can ask for another.
    await rememberPendingVerification(created.value.id, 'signup');
    redirect('/verify/sent');
  }
  // Signed in straight away, through the same login as everyone else.
  const session = await login({ email, password, ...inRealm }, context);
  if (!session.ok) redirect('/login');
  await startSession(session.value);
  redirect(safeNextPath(fields.next) ?? '/account');
});
