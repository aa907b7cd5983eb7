import { useFetcher } from "@remix-run/react";
import { type ChangeEvent, forwardRef, useState } from "react";

import { FieldError } from "~/kit/ui/field";

type Suggestion = { code: string; label: string };

type CpvPickerProps = {
  id: string;
  name: string;
  label: string;
  error?: string;
  defaultValue?: string;
  /** The label of the code the page was loaded with, shown until the user picks another. */
  initialLabel?: string;
  onChange: (event: ChangeEvent<HTMLInputElement>) => unknown;
  onBlur: (event: ChangeEvent<HTMLInputElement>) => unknown;
};

/**
 * A text input for a CPV code with suggestions from `/api/cpv` in a native <datalist>: the
 * browser offers them accessibly, and without JavaScript the field still takes a typed code
 * (the server checks it against the list either way).
 */
export const CpvPicker = forwardRef<HTMLInputElement, CpvPickerProps>(function CpvPicker(
  { id, name, label, error, defaultValue, initialLabel, onChange, onBlur },
  inputRef,
) {
  const fetcher = useFetcher<{ query: string; results: Suggestion[] }>();
  const [value, setValue] = useState(defaultValue ?? "");
  const suggestions = fetcher.data?.results ?? [];
  const chosen =
    suggestions.find((s) => s.code === value.trim()) ??
    (initialLabel && value.trim() === defaultValue ? { code: value, label: initialLabel } : null);
  const describedBy = [`${id}-hint`, `${id}-chosen`, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");

  const handleChange = (event: ChangeEvent<HTMLInputElement>) => {
    const next = event.target.value;
    setValue(next);
    void onChange(event);
    if (next.trim().length >= 2) fetcher.load(`/api/cpv?q=${encodeURIComponent(next.trim())}`);
  };

  return (
    <div className={`kern-form-input${error ? " kern-form-input--error" : ""}`}>
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
      <div className="kern-hint" id={`${id}-hint`}>
        Code oder Begriff eingeben, z. B. 30197630-1 oder „Druckpapier“; passende Codes werden
        vorgeschlagen.
      </div>
      <input
        id={id}
        name={name}
        ref={inputRef}
        className={`kern-form-input__input${error ? " kern-form-input__input--error" : ""}`}
        list={`${id}-list`}
        autoComplete="off"
        spellCheck={false}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={handleChange}
        onBlur={onBlur}
      />
      <datalist id={`${id}-list`}>
        {suggestions.map((s) => (
          <option key={s.code} value={s.code} label={`${s.code} – ${s.label}`}>
            {`${s.code} – ${s.label}`}
          </option>
        ))}
      </datalist>
      <p className="kern-body kern-body--small" id={`${id}-chosen`} aria-live="polite">
        {chosen ? `Gewählt: ${chosen.code} – ${chosen.label}` : null}
      </p>
      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
    </div>
  );
});
