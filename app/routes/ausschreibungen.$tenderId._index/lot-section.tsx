import { Form } from "@remix-run/react";

import { formatBandStarts, formatQuantity } from "~/domain/lots";
import { formatEuro, formatUnitPrice, formatVatRate } from "~/domain/money";
import {
  itemCategoryLabels,
  sharedCostKeyLabels,
  sharedCostPayerLabels,
} from "~/domain/vocabulary";
import { DataTable } from "~/kit/ui/data-table";
import { FieldError } from "~/kit/ui/field";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { Badge } from "~/kit/ui/badge";
import { bandsSchema } from "~/modules/tender/forms";

import { type loader } from "./route";

type PageData = Awaited<ReturnType<typeof loader>>;
type Lot = PageData["lots"][number];
type Cost = PageData["costs"][number];

/** One lot: its items with quantities and bands (a form while the tender is a draft), its costs. */
export function LotSection({
  tenderId,
  draft,
  lot,
  costs,
  serverErrors,
  posted,
}: {
  tenderId: string;
  draft: boolean;
  lot: Lot;
  costs: Cost[];
  serverErrors?: Record<string, string>;
  posted?: Record<string, string>;
}) {
  const form = useValidatedForm(bandsSchema, {
    defaultValues: {
      intent: "bands",
      lotId: lot.id,
      items: lot.items.map((i, n) => ({
        itemId: i.itemId,
        bands: posted?.[`items.${n}.bands`] ?? formatBandStarts(i.bandMinQty),
      })),
    },
  });
  const headingId = `los-${lot.number}`;
  /** The bands of a draft are edited in the table; afterwards they are shown. */
  const bandsCell = (item: (typeof lot.items)[number], i: number) => {
    if (!draft) return formatBandStarts(item.bandMinQty);
    const error = serverErrors?.[`${lot.id}.items.${i}.bands`];
    return (
      <>
        <input type="hidden" {...form.field(`items.${i}.itemId`)} />
        <div className={`kern-form-input${error ? " kern-form-input--error" : ""}`}>
          <label className="kern-sr-only" htmlFor={`bands-${item.itemId}`}>
            Staffeln für {item.name}
          </label>
          <input
            id={`bands-${item.itemId}`}
            className={`kern-form-input__input${error ? " kern-form-input__input--error" : ""}`}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `bands-${item.itemId}-error` : undefined}
            {...form.field(`items.${i}.bands`)}
          />
          {error ? <FieldError id={`bands-${item.itemId}-error`} message={error} /> : null}
        </div>
      </>
    );
  };
  const table = (
    <DataTable
      caption={<>Artikel von Los {lot.number}</>}
      captionHidden
      variant={[]}
      rows={lot.items}
      rowKey={(item) => item.itemId}
      columns={[
        { header: "Artikel", cell: (item) => item.name },
        {
          header: "CPV",
          cellClassName: "nowrap",
          cell: (item) => <abbr title={item.cpvLabel}>{item.cpvCode}</abbr>,
        },
        {
          header: "Referenzpreis",
          numeric: true,
          cell: (item) => formatUnitPrice(item.referencePrice),
        },
        {
          header: "Gebündelte Menge",
          numeric: true,
          cell: (item) => `${formatQuantity(item.bundledQuantity)} ${item.unit}`,
        },
        {
          header: "Größte Einzelmenge",
          numeric: true,
          cell: (item) => formatQuantity(item.largestBodyQuantity),
        },
        { header: "Staffeln ab Menge", cell: bandsCell },
      ]}
    />
  );
  return (
    <section className="kern-stack-sm" aria-labelledby={headingId}>
      <div className="actions">
        <h3 className="kern-heading-small" id={headingId}>
          {lot.label}
        </h3>
        <Badge tone="info">{itemCategoryLabels[lot.category]}</Badge>
        {!draft ? (
          <a className="kern-link" href={`/ausschreibungen/${tenderId}/wertung/${lot.id}`}>
            Wertung und Zuschlag<span className="kern-sr-only"> für Los {lot.number}</span>
          </a>
        ) : null}
      </div>
      {draft ? (
        <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-sm">
          <input type="hidden" {...form.field("intent")} />
          <input type="hidden" {...form.field("lotId")} />
          {table}
          <button type="submit" className="kern-btn kern-btn--secondary">
            <span className="kern-label">Staffeln von Los {lot.number} speichern</span>
          </button>
        </Form>
      ) : (
        table
      )}
      <p className="kern-body">
        {costs.length === 0
          ? "Keine Umlagen."
          : `Umlagen: ${costs
              .map(
                (c) =>
                  `${c.label} ${c.kind === "admin-percent" ? `${((c.percentBp ?? 0) / 100).toLocaleString("de-DE")} % des Losnettos` : formatEuro(c.amountCents ?? 0)} netto, USt. ${formatVatRate(c.vatRateBp)}, ${sharedCostKeyLabels[c.key]}, ${sharedCostPayerLabels[c.payers]}`,
              )
              .join("; ")}`}
      </p>
    </section>
  );
}
