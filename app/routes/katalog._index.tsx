import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { Pagination } from "~/kit/ui/pagination";
import { formatUnitPrice, formatVatRate } from "~/domain/money";
import { itemCategories, itemCategoryLabels } from "~/domain/vocabulary";
import { DataTable } from "~/kit/ui/data-table";
import { PageHeader } from "~/kit/ui/page-header";
import { listCatalogueItems } from "~/modules/catalogue/index.server";
import { requireRole } from "~/modules/access/index.server";
import { pageParams } from "~/kit/pagination";
import { SelectField } from "~/kit/ui/field";
import { SearchForm } from "~/kit/ui/search-form";
import { Badge } from "~/kit/ui/badge";

export const meta: MetaFunction = () => [{ title: "Katalog – Bündelkauf" }];

const PAGE_SIZE = 25;
const nf = new Intl.NumberFormat("de-DE");

function categoryParam(value: string | null) {
  return itemCategories.find((c) => c === value);
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["admin", "procurement"]);
  const url = new URL(request.url);
  const { page } = pageParams(url);
  const query = (url.searchParams.get("q") ?? "").slice(0, 100);
  const category = categoryParam(url.searchParams.get("kategorie"));
  const { rows, total } = await listCatalogueItems({
    query,
    category,
    page,
    pageSize: PAGE_SIZE,
  });
  return { rows, total, page, query, category: category ?? null, pageSize: PAGE_SIZE };
}

export default function CataloguePage() {
  const { rows, total, page, query, category, pageSize } = useLoaderData<typeof loader>();
  const filters: Record<string, string> = {};
  if (query) filters.q = query;
  if (category) filters.kategorie = category;
  return (
    <div className="kern-stack-lg">
      <PageHeader title="Katalog" action={{ href: "/katalog/neu", label: "Artikel anlegen" }} />
      <p className="kern-body">
        Die Artikel, die Körperschaften in Bedarfsabfragen melden können, mit CPV-Code und
        Referenzpreis für die Schätzung des Auftragswerts.
      </p>
      <SearchForm
        name="q"
        label="Bezeichnung, Merkmal oder CPV-Code"
        defaultValue={query}
        submitLabel="Suchen"
      >
        <SelectField
          id="kategorie"
          name="kategorie"
          label="Kategorie"
          defaultValue={category ?? ""}
          options={[
            { value: "", label: "Alle" },
            ...itemCategories.map((c) => ({ value: c, label: itemCategoryLabels[c] })),
          ]}
        />
      </SearchForm>
      <DataTable
        caption={
          <>
            {nf.format(total)} Artikel
            {query ? ` für „${query}“` : ""}
            {category ? ` (${itemCategoryLabels[category]})` : ""}
          </>
        }
        rows={rows}
        rowKey={(item) => item.id}
        columns={[
          {
            header: "Bezeichnung",
            cell: (item) => (
              <>
                <a className="kern-link" href={`/katalog/${item.id}`}>
                  {item.name}
                </a>
                {item.attributes ? (
                  <div className="kern-body kern-body--small">{item.attributes}</div>
                ) : null}
              </>
            ),
          },
          {
            header: "CPV",
            cell: (item) => (
              <>
                {item.cpvCode}
                <div className="kern-body kern-body--small">{item.cpvLabel}</div>
              </>
            ),
          },
          { header: "Kategorie", cell: (item) => itemCategoryLabels[item.category] },
          { header: "Einheit", cell: (item) => item.unit },
          {
            header: "Referenzpreis netto",
            numeric: true,
            cell: (item) => formatUnitPrice(item.referencePrice),
          },
          { header: "USt.", numeric: true, cell: (item) => formatVatRate(item.vatRateBp) },
          {
            header: "Status",
            cell: (item) =>
              item.active ? (
                <Badge tone="success">aktiv</Badge>
              ) : (
                <Badge tone="info">deaktiviert</Badge>
              ),
          },
        ]}
      />
      {rows.length === 0 ? (
        <p className="kern-body">
          Keine Artikel gefunden. Versuchen Sie einen kürzeren Suchbegriff oder die ersten Ziffern
          des CPV-Codes.
        </p>
      ) : null}
      <Pagination page={page} pageSize={pageSize} total={total} query={filters} />
    </div>
  );
}
