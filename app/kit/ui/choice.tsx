import { forwardRef, type InputHTMLAttributes, type ReactNode } from "react";

import { FieldError, FieldHint } from "./field";

/** One KERN radio button or checkbox with its label and, if given, a hint it is described by. */
export const Check = forwardRef<
  HTMLInputElement,
  {
    id: string;
    type: "radio" | "checkbox";
    label: ReactNode;
    hint?: ReactNode;
  } & Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "className">
>(function Check({ id, type, label, hint, ...input }, ref) {
  return (
    <div className="kern-form-check">
      <input
        ref={ref}
        className={`kern-form-check__${type}`}
        type={type}
        id={id}
        aria-describedby={hint ? `${id}-hint` : undefined}
        {...input}
      />
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
      <FieldHint id={id} hint={hint} />
    </div>
  );
});

/**
 * A KERN fieldset of choices (`Check`s) under a legend, with its German error: the error's id is
 * `errorId`, which the fieldset is described by while it shows.
 */
export function ChoiceFieldset({
  legend,
  error,
  errorId,
  large,
  children,
}: {
  legend: ReactNode;
  error?: string;
  errorId?: string;
  /** KERN's large legend, for a fieldset that heads a form. */
  large?: boolean;
  children: ReactNode;
}) {
  return (
    <fieldset
      className={`kern-fieldset${error ? " kern-fieldset--error" : ""}`}
      aria-describedby={error ? errorId : undefined}
    >
      <legend className={`kern-label${large ? " kern-label--large" : ""}`}>{legend}</legend>
      <div className="kern-fieldset__body">{children}</div>
      {error && errorId ? <FieldError id={errorId} message={error} /> : null}
    </fieldset>
  );
}
