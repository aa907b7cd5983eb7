import {
  forwardRef,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";

type FrameProps = {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Marks the label "– optional". */
  optional?: boolean;
  /** In a row of fields (`actions`): how the field grows, e.g. "1 1 20rem". */
  flex?: string;
};

/**
 * The KERN frame of one input: label (optionally marked "optional"), hint, the control, its
 * German error; `children` gets the ids the control's aria-describedby names. Every input,
 * text area and select of the app sits in it.
 */
export function FieldShell({
  id,
  label,
  hint,
  error,
  flex,
  optional,
  children,
}: FrameProps & {
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div
      className={`kern-form-input${error ? " kern-form-input--error" : ""}`}
      style={flex ? { flex } : undefined}
    >
      <label className="kern-label" htmlFor={id}>
        {label}
        {optional ? <span className="kern-label__optional"> – optional</span> : null}
      </label>
      {hint ? (
        <div className="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {children(describedBy || undefined)}
      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
    </div>
  );
}

const inputClass = (error?: string) =>
  `kern-form-input__input${error ? " kern-form-input__input--error" : ""}`;

/** A KERN text input with its label, optional hint and German error, wired for screen readers. */
// forwardRef: react-hook-form's register() hands over a ref, which React 18 strips from props.
export const Field = forwardRef<
  HTMLInputElement,
  FrameProps & InputHTMLAttributes<HTMLInputElement>
>(function Field({ id, label, hint, error, optional, flex, ...input }, inputRef) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional} flex={flex}>
      {(describedBy) => (
        <input
          id={id}
          ref={inputRef}
          className={inputClass(error)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...input}
        />
      )}
    </FieldShell>
  );
});

/** The same for a text area (three rows unless given). */
export const TextAreaField = forwardRef<
  HTMLTextAreaElement,
  FrameProps & TextareaHTMLAttributes<HTMLTextAreaElement>
>(function TextAreaField({ id, label, hint, error, optional, flex, ...textarea }, ref) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional} flex={flex}>
      {(describedBy) => (
        <textarea
          id={id}
          ref={ref}
          className={inputClass(error)}
          rows={3}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...textarea}
        />
      )}
    </FieldShell>
  );
});

export type SelectOption = { value: string; label: string; disabled?: boolean };

/** The same for a select with its options. */
export const SelectField = forwardRef<
  HTMLSelectElement,
  FrameProps & { options: readonly SelectOption[] } & SelectHTMLAttributes<HTMLSelectElement>
>(function SelectField({ id, label, hint, error, optional, flex, options, ...select }, ref) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional} flex={flex}>
      {(describedBy) => (
        <div className="kern-form-input__select-wrapper">
          <select
            id={id}
            ref={ref}
            className={`kern-form-input__select${error ? " kern-form-input__select--error" : ""}`}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            {...select}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value} disabled={o.disabled}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      )}
    </FieldShell>
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
