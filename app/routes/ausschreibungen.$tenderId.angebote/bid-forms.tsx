import { Form } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { DataTable } from "~/kit/ui/data-table";
import { Field, FieldError, TextAreaField } from "~/kit/ui/field";
import { FormActions } from "~/kit/ui/submit-button";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import {
  type BidsPageResult,
  qualityPointsSchema,
  typedBidSchema,
  type TypedBidForm as TypedBidValues,
} from "~/modules/bids/forms";

import { integers } from "./lot-section";
import { type LotView } from "./route";

type Criteria = { id: string; name: string }[];
type Form = Pick<ReturnType<typeof useValidatedForm>, "field" | "errorOf" | "bind">;

/** A bid typed in from a paper or e-mailed offer: bidder, one price per item and band, points. */
export function TypedBidForm({
  lot,
  criteria,
  result,
}: {
  lot: LotView;
  criteria: Criteria;
  result: Extract<BidsPageResult, { form: "typed" }> | undefined;
}) {
  const rows = lot.items.flatMap((item) =>
    item.bands.map((minQty, bandIndex) => ({ item, minQty, bandIndex })),
  );
  const sent = result?.values as Partial<TypedBidValues> | undefined;
  const form = useValidatedForm(typedBidSchema, {
    serverErrors: result?.fieldErrors,
    defaultValues: {
      intent: "typed",
      lotId: lot.id,
      bidderName: typeof sent?.bidderName === "string" ? sent.bidderName : "",
      bidderAddress: typeof sent?.bidderAddress === "string" ? sent.bidderAddress : "",
      prices: rows.map((r, k) => ({
        itemId: r.item.itemId,
        bandIndex: String(r.bandIndex),
        unitPrice:
          typeof sent?.prices?.[k]?.unitPrice === "string" ? sent.prices[k]!.unitPrice : "",
      })),
      quality: criteria.map((c, j) => ({
        criterionId: c.id,
        points: typeof sent?.quality?.[j]?.points === "string" ? sent.quality[j]!.points : "",
      })),
    },
  });
  const id = (name: string) => `los-${lot.number}-${name}`;
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md">
      {result?.message ? <Alert tone="danger" title={result.message} /> : null}
      <input type="hidden" {...form.field("intent")} />
      <input type="hidden" {...form.field("lotId")} />
      <div className="kern-stack-sm narrow">
        <Field
          id={id("bieter")}
          label="Name des Bieters"
          autoComplete="off"
          {...form.bind("bidderName")}
        />
        <TextAreaField
          id={id("anschrift")}
          label="Anschrift des Bieters"
          {...form.bind("bidderAddress")}
        />
      </div>
      <DataTable
        caption="Stückpreise netto in Euro, z. B. 3,95 (höchstens 4 Nachkommastellen)"
        variant={[]}
        rows={rows}
        rowKey={(r) => `${r.item.itemId}-${r.bandIndex}`}
        columns={[
          { header: "Artikel", cell: (r) => r.item.name },
          {
            header: "Gebündelte Menge",
            numeric: true,
            cell: (r) => `${integers.format(r.item.bundledQuantity)} ${r.item.unit}`,
          },
          { header: "Staffel", numeric: true, cell: (r) => `ab ${integers.format(r.minQty)}` },
          {
            header: "Stückpreis netto",
            cell: (r, k) => <PriceInput form={form} k={k} row={r} inputId={id(`preis-${k}`)} />,
          },
        ]}
      />
      {criteria.length > 0 ? (
        <fieldset className="kern-fieldset narrow">
          <legend className="kern-label">Qualitätspunkte (0 bis 100)</legend>
          <div className="kern-fieldset__body kern-stack-sm">
            <QualityFields form={form} criteria={criteria} idOf={(j) => id(`kriterium-${j}`)} />
          </div>
        </fieldset>
      ) : null}
      <FormActions>Angebot erfassen</FormActions>
    </Form>
  );
}

function PriceInput({
  form,
  k,
  row,
  inputId,
}: {
  form: Form;
  k: number;
  row: { item: { name: string }; minQty: number };
  inputId: string;
}) {
  const name = `prices.${k}.unitPrice`;
  const error = form.errorOf(name);
  return (
    <div style={{ minWidth: "12rem", maxWidth: "24rem" }}>
      <input type="hidden" {...form.field(`prices.${k}.itemId`)} />
      <input type="hidden" {...form.field(`prices.${k}.bandIndex`)} />
      <div className={`kern-form-input${error ? " kern-form-input--error" : ""}`}>
        <label className="kern-label kern-sr-only" htmlFor={inputId}>
          Stückpreis netto in Euro für {row.item.name} ab {integers.format(row.minQty)}
        </label>
        <input
          id={inputId}
          inputMode="decimal"
          autoComplete="off"
          className={`kern-form-input__input${error ? " kern-form-input__input--error" : ""}`}
          style={{ width: "9rem", textAlign: "right" }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-error` : undefined}
          {...form.field(name)}
        />
        {error ? <FieldError id={`${inputId}-error`} message={error} /> : null}
      </div>
    </div>
  );
}

/** One points field per criterion, with the criterion's id beside it (typed bid and points form). */
function QualityFields({
  form,
  criteria,
  idOf,
  labelOf = (c) => c.name,
}: {
  form: Form;
  criteria: Criteria;
  idOf: (j: number) => string;
  labelOf?: (c: Criteria[number]) => string;
}) {
  return criteria.map((c, j) => (
    <div key={c.id}>
      <input type="hidden" {...form.field(`quality.${j}.criterionId`)} />
      <Field
        id={idOf(j)}
        label={labelOf(c)}
        inputMode="numeric"
        {...form.bind(`quality.${j}.points`)}
      />
    </div>
  ));
}

/** Quality points for a bid that came from a price sheet (which carries none). */
export function QualityPointsForm({
  bid,
  criteria,
  serverErrors,
}: {
  bid: LotView["bids"][number];
  criteria: Criteria;
  serverErrors?: Record<string, string>;
}) {
  const form = useValidatedForm(qualityPointsSchema, {
    serverErrors,
    defaultValues: {
      intent: "quality",
      bidId: bid.id,
      quality: criteria.map((c) => ({ criterionId: c.id, points: "" })),
    },
  });
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-sm narrow">
      <h3 className="kern-heading-small">Qualitätspunkte für das Angebot von {bid.bidderName}</h3>
      <p className="kern-body">
        Das Preisblatt enthält keine Qualitätspunkte; ohne sie wird das Angebot nicht gewertet.
      </p>
      <input type="hidden" {...form.field("intent")} />
      <input type="hidden" {...form.field("bidId")} />
      <QualityFields
        form={form}
        criteria={criteria}
        idOf={(j) => `punkte-${bid.id}-${j}`}
        labelOf={(c) => `${c.name} (0 bis 100 Punkte)`}
      />
      <FormActions tone="secondary">Punkte speichern</FormActions>
    </Form>
  );
}
