import { SearchForm } from "~/kit/ui/search-form";

/**
 * The search for a body by name, Kreis or Gemeindeschlüssel (`?q=`), alike wherever bodies are
 * looked up: the administration's list and a round's invitations (both `searchBodies`).
 */
export function BodySearchForm({ query }: { query: string }) {
  return (
    <SearchForm
      name="q"
      label="Name, Kreis oder Gemeindeschlüssel suchen"
      defaultValue={query}
      submitLabel="Suchen"
    />
  );
}
