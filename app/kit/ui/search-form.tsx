import { Form } from "@remix-run/react";
import { type ReactNode } from "react";

/**
 * A GET form that narrows a list: one search field (`name`, labelled `label`), further fields of
 * the same filter as `children`, and the submit button. Works without JavaScript.
 */
export function SearchForm({
  name,
  label,
  defaultValue,
  submitLabel,
  children,
}: {
  name: string;
  label: string;
  defaultValue: string;
  submitLabel: string;
  children?: ReactNode;
}) {
  return (
    <Form method="get" role="search" className="search-row">
      <div className="kern-form-input">
        <label className="kern-label" htmlFor={name}>
          {label}
        </label>
        <input
          className="kern-form-input__input"
          id={name}
          name={name}
          type="search"
          defaultValue={defaultValue}
        />
      </div>
      {children}
      <button type="submit" className="kern-btn kern-btn--secondary">
        <span className="kern-icon kern-icon--search" aria-hidden="true" />
        <span className="kern-label">{submitLabel}</span>
      </button>
    </Form>
  );
}
