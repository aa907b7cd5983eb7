import { type ReactNode } from "react";

import { SearchForm } from "./search-form";

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
    <SearchForm
      name="suche"
      label="Name oder Gemeindeschlüssel"
      defaultValue={defaultValue}
      submitLabel="Anzeigen"
    >
      {children}
    </SearchForm>
  );
}
