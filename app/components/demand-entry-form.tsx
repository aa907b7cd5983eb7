import { zodResolver } from "@hookform/resolvers/zod";
import { Form, useSubmit } from "@remix-run/react";
import { type FormEvent, useMemo } from "react";
import { type Control, type FieldErrors, useFieldArray, useForm, useWatch } from "react-hook-form";

import { formatEuro, formatUnitPrice } from "~/domain/money";
import { demandFormSchema, type DemandFormValues, parseQuantity } from "~/forms/demand";

type Item = { id: string; position: number; name: string; unit: string; cpvCode: string; referencePrice: number };
type Line = {
  id: string;
  version: number;
  itemId: string;
  quantity: number;
  costCentre: string;
  product: string;
  ledgerAccount: string;
  deliveryAddress: string;
  note: string;
};
type Row = NonNullable<DemandFormValues["lines"]>[number];

const blankRow = (itemId: string): Row => ({
  id: "",
  version: "",
  itemId,
  quantity: "",
  costCentre: "",
  product: "",
  ledgerAccount: "",
  deliveryAddress: "",
  note: "",
});

/** Cents of quantity × reference price (1/10,000 EUR), rounded half up, in integers only. */
function lineCents(quantity: number, referencePrice: number): bigint {
  return (BigInt(quantity) * BigInt(referencePrice) + 50n) / 100n;
}

const textColumns = [
  { key: "costCentre", label: "Kostenstelle", width: "8rem" },
  { key: "product", label: "Produkt", width: "7rem" },
  { key: "ledgerAccount", label: "Sachkonto", width: "7rem" },
  { key: "deliveryAddress", label: "Lieferadresse", width: "12rem" },
  { key: "note", label: "Bemerkung", width: "10rem" },
] as const;

/**
 * The demand of one body for one round: rows grouped by item, several per item for different
 * cost centres. Existing rows carry id and version (optimistic locking). Without JavaScript the
 * page still works: one empty row per item, and emptying a quantity deletes that line.
 */
export function DemandEntryForm({
  roundId,
  items,
  lines,
  editable,
  serverErrors,
  submitting,
}: {
  roundId: string;
  items: Item[];
  lines: Line[];
  editable: boolean;
  serverErrors?: Record<string, string>;
  submitting: boolean;
}) {
  const defaultValues = useMemo<DemandFormValues>(() => {
    const rows: Row[] = lines.map((l) => ({
      id: l.id,
      version: String(l.version),
      itemId: l.itemId,
      quantity: String(l.quantity),
      costCentre: l.costCentre,
      product: l.product,
      ledgerAccount: l.ledgerAccount,
      deliveryAddress: l.deliveryAddress,
      note: l.note,
    }));
    if (editable) {
      const withLines = new Set(lines.map((l) => l.itemId));
      for (const item of items) if (!withLines.has(item.id)) rows.push(blankRow(item.id));
    }
    return { intent: "save", lines: rows, removed: [] };
  }, [items, lines, editable]);

  const form = useForm<DemandFormValues>({
    resolver: zodResolver(demandFormSchema) as never,
    defaultValues,
    mode: "onTouched",
  });
  // keyName: our rows have their own `id` (the line id), which RHF would otherwise overwrite.
  const { fields, append, remove } = useFieldArray({ control: form.control, name: "lines", keyName: "_key" });
  const removed = useFieldArray({ control: form.control, name: "removed", keyName: "_key" });
  const submit = useSubmit();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    void form.handleSubmit(() => submit(element, { method: "post" }))(event);
  };

  const rowsByItem = new Map<string, { field: (typeof fields)[number]; index: number }[]>();
  fields.forEach((field, index) => {
    const list = rowsByItem.get(field.itemId) ?? [];
    list.push({ field, index });
    rowsByItem.set(field.itemId, list);
  });
  const errors = form.formState.errors as FieldErrors<DemandFormValues>;
  const errorFor = (index: number, key: string): string | undefined =>
    (errors.lines?.[index] as Record<string, { message?: string }> | undefined)?.[key]?.message ??
    serverErrors?.[`lines.${index}.${key}`];

  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="kern-stack-md" aria-label="Bedarf erfassen">
      <input type="hidden" name="intent" value="save" />
      {removed.fields.map((r, i) => (
        <span key={r._key} hidden>
          <input type="hidden" defaultValue={r.id} {...form.register(`removed.${i}.id`)} />
          <input type="hidden" defaultValue={r.version} {...form.register(`removed.${i}.version`)} />
        </span>
      ))}
      <Totals control={form.control} items={items} />
      <div className="kern-table-responsive">
        <table className="kern-table kern-table--small demand-table">
          <caption className="kern-title">Bedarf je Artikel und Kostenstelle</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">Artikel</th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">Menge</th>
              {textColumns.map((c) => (
                <th key={c.key} scope="col" className="kern-table__header">
                  {c.label}
                </th>
              ))}
              <th scope="col" className="kern-table__header kern-table__header--numeric">Wert (Referenz)</th>
              <th scope="col" className="kern-table__header kern-table__header--action">
                <span className="kern-sr-only">Aktionen</span>
              </th>
            </tr>
          </thead>
          {items.map((item) => {
            const rows = rowsByItem.get(item.id) ?? [];
            const headerId = `artikel-${item.position}`;
            return (
              <tbody key={item.id} className="kern-table__body">
                <tr className="kern-table__row demand-item-row">
                  <th scope="rowgroup" colSpan={9} className="kern-table__header" id={headerId}>
                    <span className="kern-body kern-body--bold">
                      A{String(item.position).padStart(3, "0")} · {item.name}
                    </span>{" "}
                    <span className="kern-body kern-body--small">
                      ({item.unit}, CPV {item.cpvCode}, Referenzpreis {formatUnitPrice(item.referencePrice)} €)
                    </span>{" "}
                    <ItemTotal control={form.control} item={item} />
                  </th>
                </tr>
                {rows.map(({ field, index }, n) => {
                  const label = `${item.name}, Zeile ${n + 1}`;
                  const quantityError = errorFor(index, "quantity");
                  return (
                    <tr key={field._key} className="kern-table__row">
                      <td className="kern-table__cell">
                        <input type="hidden" defaultValue={field.id} {...form.register(`lines.${index}.id`)} />
                        <input type="hidden" defaultValue={field.version} {...form.register(`lines.${index}.version`)} />
                        <input type="hidden" defaultValue={field.itemId} {...form.register(`lines.${index}.itemId`)} />
                        <a
                          className="kern-link kern-link--small"
                          href={field.id ? `/bedarf/${roundId}/verlauf/${field.id}` : undefined}
                          hidden={!field.id}
                        >
                          Verlauf<span className="kern-sr-only"> von {label}</span>
                        </a>
                      </td>
                      <td className="kern-table__cell kern-table__cell--numeric">
                        <label className="kern-sr-only" htmlFor={`q-${index}`}>
                          Menge ({item.unit}) – {label}
                        </label>
                        <input
                          id={`q-${index}`}
                          className={`kern-form-input__input demand-qty${quantityError ? " kern-form-input__input--error" : ""}`}
                          inputMode="numeric"
                          autoComplete="off"
                          readOnly={!editable}
                          defaultValue={field.quantity}
                          aria-invalid={quantityError ? true : undefined}
                          aria-describedby={quantityError ? `q-${index}-error` : undefined}
                          {...form.register(`lines.${index}.quantity`)}
                        />
                        {quantityError ? (
                          <p className="kern-error" id={`q-${index}-error`}>
                            <span className="kern-body kern-body--small">{quantityError}</span>
                          </p>
                        ) : null}
                      </td>
                      {textColumns.map((c) => {
                        const error = errorFor(index, c.key);
                        return (
                          <td key={c.key} className="kern-table__cell">
                            <label className="kern-sr-only" htmlFor={`${c.key}-${index}`}>
                              {c.label} – {label}
                            </label>
                            <input
                              id={`${c.key}-${index}`}
                              className={`kern-form-input__input${error ? " kern-form-input__input--error" : ""}`}
                              style={{ width: c.width }}
                              autoComplete="off"
                              readOnly={!editable}
                              defaultValue={field[c.key]}
                              aria-invalid={error ? true : undefined}
                              {...form.register(`lines.${index}.${c.key}`)}
                            />
                            {error ? <p className="kern-error kern-body--small">{error}</p> : null}
                          </td>
                        );
                      })}
                      <td className="kern-table__cell kern-table__cell--numeric">
                        <LineValue control={form.control} index={index} referencePrice={item.referencePrice} />
                      </td>
                      <td className="kern-table__cell kern-table__cell--action">
                        {editable ? (
                          <button
                            type="button"
                            className="kern-btn kern-btn--tertiary kern-btn--x-small"
                            onClick={() => {
                              const values = form.getValues(`lines.${index}`);
                              if (values?.id) removed.append({ id: values.id, version: values.version ?? "" });
                              remove(index);
                            }}
                          >
                            <span className="kern-icon kern-icon--delete" aria-hidden="true" />
                            <span className="kern-label">
                              Entfernen<span className="kern-sr-only"> – {label}</span>
                            </span>
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
                {editable ? (
                  <tr className="kern-table__row">
                    <td className="kern-table__cell" colSpan={9}>
                      <button
                        type="button"
                        className="kern-btn kern-btn--tertiary kern-btn--x-small"
                        onClick={() => append(blankRow(item.id), { shouldFocus: true })}
                      >
                        <span className="kern-icon kern-icon--add" aria-hidden="true" />
                        <span className="kern-label">
                          Weitere Kostenstelle<span className="kern-sr-only"> für {item.name}</span>
                        </span>
                      </button>
                    </td>
                  </tr>
                ) : null}
              </tbody>
            );
          })}
        </table>
      </div>
      {editable ? (
        <div className="actions">
          <button type="submit" className="kern-btn kern-btn--primary" disabled={submitting}>
            <span className="kern-label">{submitting ? "Wird gespeichert …" : "Bedarf speichern"}</span>
          </button>
        </div>
      ) : null}
    </Form>
  );
}

function useLines(control: Control<DemandFormValues>) {
  return useWatch({ control, name: "lines" }) ?? [];
}

function quantityOf(text: string | undefined): number {
  const q = parseQuantity(text ?? "");
  return typeof q === "number" ? q : 0;
}

function LineValue({ control, index, referencePrice }: { control: Control<DemandFormValues>; index: number; referencePrice: number }) {
  const quantity = useWatch({ control, name: `lines.${index}.quantity` });
  return <span>{formatEuro(lineCents(quantityOf(quantity), referencePrice))}</span>;
}

function ItemTotal({ control, item }: { control: Control<DemandFormValues>; item: Item }) {
  const lines = useLines(control);
  let quantity = 0;
  for (const l of lines) if (l.itemId === item.id) quantity += quantityOf(l.quantity);
  return (
    <span className="kern-body kern-body--small">
      – zusammen {quantity.toLocaleString("de-DE")} {item.unit}
    </span>
  );
}

/** Running total at reference prices, updated as the officer types. */
function Totals({ control, items }: { control: Control<DemandFormValues>; items: Item[] }) {
  const lines = useLines(control);
  const prices = new Map(items.map((i) => [i.id, i.referencePrice]));
  let cents = 0n;
  let count = 0;
  for (const l of lines) {
    const q = quantityOf(l.quantity);
    if (q > 0) {
      count++;
      cents += lineCents(q, prices.get(l.itemId) ?? 0);
    }
  }
  return (
    <p className="kern-body" aria-live="polite">
      <strong>{count.toLocaleString("de-DE")}</strong> Zeilen mit Bedarf, zusammen <strong>{formatEuro(cents)}</strong> netto zu
      Referenzpreisen.
    </p>
  );
}
