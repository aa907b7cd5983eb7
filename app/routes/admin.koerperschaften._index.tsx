import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { Pagination } from "~/kit/ui/pagination";
import { bodyKindLabels } from "~/domain/vocabulary";
import { DataTable } from "~/kit/ui/data-table";
import { searchBodies } from "~/modules/access/index.server";
import { requireRole } from "~/modules/access/index.server";
import { pageParams } from "~/kit/pagination";
import { SearchForm } from "~/kit/ui/search-form";

export const meta: MetaFunction = () => [{ title: "Körperschaften – Bündelkauf" }];

const PAGE_SIZE = 50;
const nf = new Intl.NumberFormat("de-DE");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin"]);
  const url = new URL(request.url);
  const { page } = pageParams(url);
  const query = (url.searchParams.get("q") ?? "").slice(0, 100);
  const { rows, total } = await searchBodies({ query, page, pageSize: PAGE_SIZE });
  return { rows, total, page, query, pageSize: PAGE_SIZE };
}

export default function BodiesPage() {
  const { rows, total, page, query, pageSize } = useLoaderData<typeof loader>();
  return (
    <div className="kern-stack-lg">
      <h1 className="kern-heading-large">Körperschaften</h1>
      <SearchForm
        name="q"
        label="Name, Kreis oder Gemeindeschlüssel"
        defaultValue={query}
        submitLabel="Suchen"
      />
      <DataTable
        caption={
          <>
            {nf.format(total)} {total === 1 ? "Körperschaft" : "Körperschaften"}
            {query ? ` für „${query}“` : ""}
          </>
        }
        rows={rows}
        rowKey={(b) => b.id}
        columns={[
          { header: "AGS", cell: (b) => b.ags },
          {
            header: "Name",
            cell: (b) => (
              <a className="kern-link" href={`/admin/koerperschaften/${b.id}`}>
                {b.name}
                <span className="kern-sr-only"> – Rechnungsdaten bearbeiten</span>
              </a>
            ),
          },
          { header: "Art", cell: (b) => bodyKindLabels[b.kind] },
          { header: "Kreis", cell: (b) => b.kreis },
          { header: "Land", cell: (b) => b.land },
          { header: "Einwohner", numeric: true, cell: (b) => nf.format(b.population) },
        ]}
      />
      <Pagination
        page={page}
        pageSize={pageSize}
        total={total}
        query={query ? { q: query } : undefined}
      />
    </div>
  );
}
