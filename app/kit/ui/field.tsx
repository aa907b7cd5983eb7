import {
  forwardRef,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";

type ShellProps = {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Marks the label "– optional". */
  optional?: boolean;
  /** In a row of fields (`actions`): how the field grows, e.g. "1 1 20rem". */
  flex?: string;
};
/** A control's props: the id is the control's name unless given (`{...form.bind(name)}`). */
type FrameProps = Omit<ShellProps, "id"> & ({ id: string } | { id?: string; name: string });

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
}: ShellProps & {
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
      <FieldHint id={id} hint={hint} />
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
>(function Field({ id: givenId, label, hint, error, optional, flex, ...input }, inputRef) {
  const id = givenId ?? input.name!;
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
>(function TextAreaField({ id: givenId, label, hint, error, optional, flex, ...textarea }, ref) {
  const id = givenId ?? textarea.name!;
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
/** Options under a heading (`<optgroup>`), e.g. a lot's items. */
export type SelectOptionGroup = { group: string; options: readonly SelectOption[] };

/** The options of a vocabulary's German labels (`value` → label), in their order. */
export const labelOptions = (labels: Record<string, string>): SelectOption[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

const optionElement = (o: SelectOption) => (
  <option key={o.value} value={o.value} disabled={o.disabled}>
    {o.label}
  </option>
);

/** The same for a select with its options (and option groups). */
export const SelectField = forwardRef<
  HTMLSelectElement,
  FrameProps & {
    options: readonly (SelectOption | SelectOptionGroup)[];
  } & SelectHTMLAttributes<HTMLSelectElement>
>(function SelectField(
  { id: givenId, label, hint, error, optional, flex, options, ...select },
  ref,
) {
  const id = givenId ?? select.name!;
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
            {options.map((o) =>
              "group" in o ? (
                <optgroup key={o.group} label={o.group}>
                  {o.options.map(optionElement)}
                </optgroup>
              ) : (
                optionElement(o)
              ),
            )}
          </select>
        </div>
      )}
    </FieldShell>
  );
});

/** A control's hint, if it has one; its id is `<control id>-hint`. */
export function FieldHint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <div className="kern-hint" id={`${id}-hint`}>
      {hint}
    </div>
  ) : null;
}

export function FieldError({ id, message }: { id: string; message: string }) {
  return (
    <p className="kern-error" id={id}>
      <span className="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
      <span className="kern-body">{message}</span>
    </p>
  );
}
