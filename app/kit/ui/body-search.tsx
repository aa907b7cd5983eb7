import { Form } from "@remix-run/react";
import { type ReactNode } from "react";

/**
 * A GET form that narrows a list of bodies by name or AGS (`?suche=`); `children` are further
 * fields of the same filter. Works without JavaScript.
 */
export function BodySearch({
  defaultValue,
  children,
}: {
  defaultValue: string;
  children?: ReactNode;
}) {
  return (
    <Form method="get" role="search" className="search-row">
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="suche">
          Name oder Gemeindeschlüssel
        </label>
        <input
          className="kern-form-input__input"
          id="suche"
          name="suche"
          type="search"
          defaultValue={defaultValue}
        />
      </div>
      {children}
      <button type="submit" className="kern-btn kern-btn--secondary">
        <span className="kern-icon kern-icon--search" aria-hidden="true" />
        <span className="kern-label">Anzeigen</span>
      </button>
    </Form>
  );
}
