import { zodResolver } from "@hookform/resolvers/zod";
import { Form, useSubmit } from "@remix-run/react";
import {
  createContext,
  type FormEvent,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { type FieldErrors, useFieldArray, useForm } from "react-hook-form";

import { formatEuro, formatUnitPrice } from "~/domain/money";
import { demandFormSchema, type DemandFormValues, parseQuantity } from "~/forms/demand";

type Item = {
  id: string;
  position: number;
  name: string;
  unit: string;
  cpvCode: string;
  referencePrice: number;
};
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
  { key: "costCentre", label: "Kostenstelle" },
  { key: "product", label: "Produkt" },
  { key: "ledgerAccount", label: "Sachkonto" },
  { key: "deliveryAddress", label: "Lieferadresse" },
  { key: "note", label: "Bemerkung" },
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
  const { fields, append, remove } = useFieldArray({
    control: form.control,
    name: "lines",
    keyName: "_key",
  });
  const removed = useFieldArray({ control: form.control, name: "removed", keyName: "_key" });
  const readLines = useCallback(() => form.getValues("lines"), [form]);
  const { quantities, refresh } = useQuantities(readLines, fields.length);
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
    <QuantitiesContext.Provider value={quantities}>
      <Form
        method="post"
        noValidate
        onSubmit={onSubmit}
        onInput={refresh}
        className="kern-stack-md"
        aria-label="Bedarf erfassen"
      >
        <input type="hidden" name="intent" value="save" />
        {removed.fields.map((r, i) => (
          <span key={r._key} hidden>
            <input type="hidden" defaultValue={r.id} {...form.register(`removed.${i}.id`)} />
            <input
              type="hidden"
              defaultValue={r.version}
              {...form.register(`removed.${i}.version`)}
            />
          </span>
        ))}
        <Totals items={items} />
        <div className="kern-table-responsive">
          <table className="kern-table kern-table--small demand-table">
            <caption className="kern-title">Bedarf je Artikel und Kostenstelle</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  Artikel
                </th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Menge
                </th>
                {textColumns.map((c) => (
                  <th key={c.key} scope="col" className="kern-table__header">
                    {c.label}
                  </th>
                ))}
                <th scope="col" className="kern-table__header kern-table__header--numeric">
                  Wert (Referenz)
                </th>
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
                        ({item.unit}, CPV {item.cpvCode}, Referenzpreis{" "}
                        {formatUnitPrice(item.referencePrice)} €)
                      </span>{" "}
                      <ItemTotal item={item} />
                    </th>
                  </tr>
                  {rows.map(({ field, index }, n) => {
                    const label = `${item.name}, Zeile ${n + 1}`;
                    const quantityError = errorFor(index, "quantity");
                    return (
                      <tr key={field._key} className="kern-table__row">
                        <td className="kern-table__cell">
                          <input
                            type="hidden"
                            defaultValue={field.id}
                            {...form.register(`lines.${index}.id`)}
                          />
                          <input
                            type="hidden"
                            defaultValue={field.version}
                            {...form.register(`lines.${index}.version`)}
                          />
                          <input
                            type="hidden"
                            defaultValue={field.itemId}
                            {...form.register(`lines.${index}.itemId`)}
                          />
                          <a
                            className="kern-link kern-link--small"
                            href={field.id ? `/bedarf/${roundId}/verlauf/${field.id}` : undefined}
                            hidden={!field.id}
                          >
                            Verlauf<span className="kern-sr-only"> von {label}</span>
                          </a>
                        </td>
                        <td className="kern-table__cell kern-table__cell--numeric">
                          <input
                            id={`q-${index}`}
                            aria-label={`Menge (${item.unit}) – ${label}`}
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
                              <input
                                id={`${c.key}-${index}`}
                                aria-label={`${c.label} – ${label}`}
                                className={`kern-form-input__input demand-${c.key}${error ? " kern-form-input__input--error" : ""}`}
                                autoComplete="off"
                                readOnly={!editable}
                                defaultValue={field[c.key]}
                                aria-invalid={error ? true : undefined}
                                {...form.register(`lines.${index}.${c.key}`)}
                              />
                              {error ? (
                                <p className="kern-error kern-body--small">{error}</p>
                              ) : null}
                            </td>
                          );
                        })}
                        <td className="kern-table__cell kern-table__cell--numeric">
                          <LineValue index={index} referencePrice={item.referencePrice} />
                        </td>
                        <td className="kern-table__cell kern-table__cell--action">
                          {editable ? (
                            <button
                              type="button"
                              className="kern-btn kern-btn--tertiary kern-btn--x-small"
                              onClick={() => {
                                const values = form.getValues(`lines.${index}`);
                                if (values?.id)
                                  removed.append({ id: values.id, version: values.version ?? "" });
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
                            Weitere Kostenstelle
                            <span className="kern-sr-only"> für {item.name}</span>
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
              <span className="kern-label">
                {submitting ? "Wird gespeichert …" : "Bedarf speichern"}
              </span>
            </button>
          </div>
        ) : null}
      </Form>
    </QuantitiesContext.Provider>
  );
}

// Running totals without useWatch: watchers in hundreds of rows re-rendered the whole table for
// every registered field while hydrating (5 s for 300 lines). One snapshot of the quantities,
// refreshed once per animation frame after input, feeds every total on the page.
type Quantities = { byIndex: Map<number, number>; itemIds: Map<number, string> };
const QuantitiesContext = createContext<Quantities>({ byIndex: new Map(), itemIds: new Map() });

function quantityOf(text: string | undefined): number {
  const q = parseQuantity(text ?? "");
  return typeof q === "number" ? q : 0;
}

function useQuantities(read: () => DemandFormValues["lines"], deps: unknown) {
  const snapshot = useCallback((): Quantities => {
    const byIndex = new Map<number, number>();
    const itemIds = new Map<number, string>();
    (read() ?? []).forEach((line, index) => {
      byIndex.set(index, quantityOf(line.quantity));
      itemIds.set(index, line.itemId);
    });
    return { byIndex, itemIds };
  }, [read]);
  const [quantities, setQuantities] = useState<Quantities>(snapshot);
  const frame = useRef<number | null>(null);
  const refresh = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setQuantities(snapshot());
    });
  }, [snapshot]);
  useEffect(() => refresh(), [refresh, deps]);
  return { quantities, refresh };
}

function LineValue({ index, referencePrice }: { index: number; referencePrice: number }) {
  const { byIndex } = useContext(QuantitiesContext);
  return <span>{formatEuro(lineCents(byIndex.get(index) ?? 0, referencePrice))}</span>;
}

function ItemTotal({ item }: { item: Item }) {
  const { byIndex, itemIds } = useContext(QuantitiesContext);
  let quantity = 0;
  for (const [index, q] of byIndex) if (itemIds.get(index) === item.id) quantity += q;
  return (
    <span className="kern-body kern-body--small">
      – zusammen {quantity.toLocaleString("de-DE")} {item.unit}
    </span>
  );
}

/** Running total at reference prices, updated as the officer types. */
function Totals({ items }: { items: Item[] }) {
  const { byIndex, itemIds } = useContext(QuantitiesContext);
  const prices = new Map(items.map((i) => [i.id, i.referencePrice]));
  let cents = 0n;
  let count = 0;
  for (const [index, q] of byIndex) {
    if (q > 0) {
      count++;
      cents += lineCents(q, prices.get(itemIds.get(index) ?? "") ?? 0);
    }
  }
  return (
    <p className="kern-body" aria-live="polite">
      <strong>{count.toLocaleString("de-DE")}</strong> Zeilen mit Bedarf, zusammen{" "}
      <strong>{formatEuro(cents)}</strong> netto zu Referenzpreisen.
    </p>
  );
}
