import { forwardRef, type InputHTMLAttributes, type ReactNode } from "react";

type FieldProps = {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
} & InputHTMLAttributes<HTMLInputElement>;

/** A KERN text input with its label, optional hint and German error, wired for screen readers. */
// forwardRef: react-hook-form's register() hands over a ref, which React 18 strips from props.
export const Field = forwardRef<HTMLInputElement, FieldProps>(function Field(
  { id, label, hint, error, ...input },
  inputRef,
) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={`kern-form-input${error ? " kern-form-input--error" : ""}`}>
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <input
        id={id}
        ref={inputRef}
        className={`kern-form-input__input${error ? " kern-form-input__input--error" : ""}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
    </div>
  );
});

export function FieldError({ id, message }: { id: string; message: string }) {
  return (
    <p className="kern-error" id={id}>
      <span className="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
      <span className="kern-body">{message}</span>
    </p>
  );
}
