import type { InputHTMLAttributes, ReactNode } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name' | 'aria-invalid' | 'aria-describedby'> {
  /** Also the input's id (prefixed by `idPrefix` when a page holds two forms with one field name). */
  name: string;
  label: string;
  hint?: string;
  errors?: string[];
  idPrefix?: string;
  /** A way out of the error ("Log in instead"), shown after its message. */
  errorAction?: ReactNode;
}

/** A labelled input whose hint and errors are tied to it, so screen readers read them with it. */
export function Field({ name, label, hint, errors, idPrefix = '', errorAction, ...input }: FieldProps) {
  const id = `${idPrefix}${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      <input id={id} name={name} aria-invalid={errorId ? true : undefined} aria-describedby={describedBy} {...input} />
      {errorId && (
        <p id={errorId} className="field-error">
          {errors!.join(' ')}
          {errorAction && <> {errorAction}</>}
        </p>
      )}
    </div>
  );
}
