import { Form, useSubmit } from "@remix-run/react";
import {
  type FocusEvent,
  type FormEvent,
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";

import { type StoredLine } from "~/domain/demand";
import { formatEuro, formatUnitPrice } from "~/domain/money";
import {
  demandFormSchema,
  demandLineSchema,
  DEMAND_TEXT_COLUMNS,
  type DemandLineField,
  type DemandLineValues,
  parseQuantity,
} from "./forms";

type Item = {
  id: string;
  articleNumber: string;
  name: string;
  unit: string;
  cpvCode: string;
  referencePrice: number;
};
type Line = StoredLine;
/** One row of the form: its initial values (the inputs are uncontrolled) and a stable key. */
type Row = DemandLineValues & { key: number };
type RowErrors = Partial<Record<DemandLineField, string>>;
const VISIBLE_FIELDS = new Set<string>(["quantity", ...DEMAND_TEXT_COLUMNS.map((c) => c.key)]);

const blankRow = (key: number, itemId: string): Row => ({
  key,
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

function quantityOf(text: string | undefined): number {
  const q = parseQuantity(text ?? "");
  return typeof q === "number" ? q : 0;
}

function focusField(form: HTMLFormElement, position: number, field: string) {
  (form.elements.namedItem(`lines.${position}.${field}`) as HTMLInputElement | null)?.focus();
}

function readValue(form: HTMLFormElement, position: number, field: string): string {
  const input = form.elements.namedItem(`lines.${position}.${field}`) as HTMLInputElement | null;
  return input?.value ?? "";
}

/** The row's current values, read from the form's inputs (named `lines.<position>.<field>`). */
function readRow(form: HTMLFormElement, position: number) {
  const value = (field: string) => readValue(form, position, field);
  return {
    id: value("id"),
    version: value("version"),
    itemId: value("itemId"),
    quantity: value("quantity"),
    costCentre: value("costCentre"),
    product: value("product"),
    ledgerAccount: value("ledgerAccount"),
    deliveryAddress: value("deliveryAddress"),
    note: value("note"),
  };
}

function rowErrorsOf(form: HTMLFormElement, position: number): RowErrors {
  const parsed = demandLineSchema.safeParse(readRow(form, position));
  const errors: RowErrors = {};
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      errors[issue.path[0] as DemandLineField] ??= issue.message;
  return errors;
}

/** Set in the browser once a form has hydrated; never on the server, where effects do not run. */
let scriptsRunning = false;

/**
 * The demand of one body for one round: rows grouped by item, several per item for different
 * cost centres. Existing rows carry id and version (optimistic locking). Without JavaScript the
 * page still works: one empty row per item, and emptying a quantity deletes that line.
 *
 * The inputs are uncontrolled and carry their server-rendered values, so the browser posts them
 * as they are. The form's zod schema (the one the action parses) validates on submit, a field
 * when it loses focus, and a touched field on every input. No per-field registration: with
 * react-hook-form, registering the ~900 fields of 100 lines cost more server time than the rest
 * of the page together (decision 009).
 */
export function DemandEntryForm({
  roundId,
  items,
  lines,
  editable,
  elsewhere,
  serverErrors,
  submitting,
}: {
  roundId: string;
  items: Item[];
  lines: Line[];
  editable: boolean;
  /** The body's lines with demand on the form's other pages and their value (cents) */
  elsewhere: { lines: number; cents: string };
  serverErrors?: Record<string, string>;
  submitting: boolean;
}) {
  // Rows in page order (items in their order, each item's lines below it), so that a row's
  // position in this array is the index the browser posts and the action's errors refer to.
  const initialRows = useMemo(() => {
    const byItem = new Map<string, Line[]>();
    for (const l of lines) byItem.set(l.itemId, [...(byItem.get(l.itemId) ?? []), l]);
    const rows: Row[] = [];
    for (const item of items) {
      const own = byItem.get(item.id) ?? [];
      for (const l of own)
        rows.push({
          key: rows.length,
          id: l.id,
          version: String(l.version),
          itemId: l.itemId,
          quantity: String(l.quantity),
          costCentre: l.costCentre,
          product: l.product,
          ledgerAccount: l.ledgerAccount,
          deliveryAddress: l.deliveryAddress,
          note: l.note,
        });
      if (own.length === 0 && editable) rows.push(blankRow(rows.length, item.id));
    }
    return rows;
  }, [items, lines, editable]);

  const [rows, setRows] = useState(initialRows);
  const [removed, setRemoved] = useState<{ id: string; version: string }[]>([]);
  const [errors, setErrors] = useState<Record<number, RowErrors>>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [quantities, setQuantities] = useState<Record<number, number>>(() =>
    Object.fromEntries(initialRows.map((r) => [r.key, quantityOf(r.quantity)])),
  );
  const formRef = useRef<HTMLFormElement>(null);
  const nextKey = useRef(initialRows.length);
  const focusKey = useRef<number | null>(null);
  const touched = useRef(new Set<string>());
  const submit = useSubmit();
  // "Entfernen" and "Weitere Kostenstelle" need JavaScript: rendered only once it runs, so the
  // page without it shows no buttons that do nothing (and the server sends 50 KB less).
  // After the first hydration (e.g. the form remounting after a save) they render at once.
  const [hydrated, setHydrated] = useState(scriptsRunning);
  useEffect(() => {
    scriptsRunning = true;
    setHydrated(true);
  }, []);

  // The form spans pages of 25 items: leaving one with unsaved input asks first (the browser's own
  // dialog; the pager's links are plain links).
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  useEffect(() => {
    if (focusKey.current === null) return;
    const position = rows.findIndex((r) => r.key === focusKey.current);
    focusKey.current = null;
    if (formRef.current && position >= 0) focusField(formRef.current, position, "quantity");
  }, [rows]);

  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  // Running totals: one read of the quantities per animation frame after input.
  const frame = useRef<number | null>(null);
  const refreshQuantities = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      const form = formRef.current;
      if (!form) return;
      setQuantities(
        Object.fromEntries(
          rowsRef.current.map((r, p) => [r.key, quantityOf(readValue(form, p, "quantity"))]),
        ),
      );
    });
  }, []);

  /** The row and field an input belongs to, by its name `lines.<position>.<field>`. */
  const fieldAt = (name: string | undefined) => {
    const match = name ? /^lines\.(\d+)\.(\w+)$/.exec(name) : null;
    const position = Number(match?.[1]);
    const row = match ? rowsRef.current[position] : undefined;
    return row ? { row, position, field: match![2] as DemandLineField } : undefined;
  };
  const validateField = (at: NonNullable<ReturnType<typeof fieldAt>>) => {
    const form = formRef.current;
    if (!form) return;
    const message = rowErrorsOf(form, at.position)[at.field];
    const { key } = at.row;
    setErrors((current) =>
      current[key]?.[at.field] === message
        ? current
        : { ...current, [key]: { ...current[key], [at.field]: message } },
    );
  };
  // Like react-hook-form's "onTouched": a field is checked when it loses focus, then as it changes.
  const onBlur = (event: FocusEvent<HTMLFormElement>) => {
    const at = fieldAt((event.target as { name?: string }).name);
    if (!at) return;
    touched.current.add(`${at.row.key}.${at.field}`);
    validateField(at);
  };
  const onInput = (event: FormEvent<HTMLFormElement>) => {
    setDirty(true);
    const at = fieldAt((event.target as { name?: string }).name);
    if (!at) return;
    if (at.field === "quantity") refreshQuantities();
    if (touched.current.has(`${at.row.key}.${at.field}`)) validateField(at);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const parsed = demandFormSchema.safeParse({
      intent: "save",
      lines: rows.map((_, p) => readRow(form, p)),
      removed,
    });
    if (parsed.success) {
      setDirty(false);
      setErrors({});
      setFormError(undefined);
      void submit(form, { method: "post" });
      return;
    }
    const next: Record<number, RowErrors> = {};
    let first: [number, string] | undefined;
    let general: string | undefined;
    for (const issue of parsed.error.issues) {
      const [, position, field] = issue.path as [string, number?, DemandLineField?];
      const row = position === undefined ? undefined : rows[position];
      if (row && field && VISIBLE_FIELDS.has(field)) {
        next[row.key] = { ...next[row.key], [field]: next[row.key]?.[field] ?? issue.message };
        first ??= [position!, field];
      } else general ??= issue.message;
    }
    setErrors(next);
    setFormError(general);
    if (first) focusField(form, ...first);
  };

  const addRow = useCallback((itemId: string) => {
    const key = nextKey.current++;
    focusKey.current = key;
    setRows((current) => {
      let at = current.length;
      for (let p = current.length - 1; p >= 0; p--)
        if (current[p]!.itemId === itemId) {
          at = p + 1;
          break;
        }
      return [...current.slice(0, at), blankRow(key, itemId), ...current.slice(at)];
    });
  }, []);
  const removeRow = useCallback(
    (key: number) => {
      const row = rowsRef.current.find((r) => r.key === key);
      if (row?.id) setRemoved((current) => [...current, { id: row.id, version: row.version }]);
      setDirty(true);
      setRows((current) => current.filter((r) => r.key !== key));
      refreshQuantities();
    },
    [refreshQuantities],
  );

  const rowsByItem = new Map<string, { row: Row; position: number }[]>();
  rows.forEach((row, position) => {
    const list = rowsByItem.get(row.itemId) ?? [];
    list.push({ row, position });
    rowsByItem.set(row.itemId, list);
  });
  const prices = new Map(items.map((i) => [i.id, i.referencePrice]));
  let totalCents = BigInt(elsewhere.cents);
  let withDemand = elsewhere.lines;
  for (const row of rows) {
    const q = quantities[row.key] ?? 0;
    if (q > 0) {
      withDemand++;
      totalCents += lineCents(q, prices.get(row.itemId) ?? 0);
    }
  }
  const serverErrorsAt = (position: number): RowErrors | undefined => {
    if (!serverErrors) return undefined;
    const found: RowErrors = {};
    let any = false;
    for (const field of VISIBLE_FIELDS) {
      const message = serverErrors[`lines.${position}.${field}`];
      if (message) {
        found[field as DemandLineField] = message;
        any = true;
      }
    }
    return any ? found : undefined;
  };

  return (
    <Form
      ref={formRef}
      method="post"
      noValidate
      autoComplete="off"
      onSubmit={onSubmit}
      onInput={onInput}
      onBlur={onBlur}
      className="kern-stack-md"
      aria-label="Bedarf erfassen"
    >
      <input type="hidden" name="intent" value="save" />
      {removed.map((r, i) => (
        <span key={r.id} hidden>
          <input type="hidden" name={`removed.${i}.id`} value={r.id} />
          <input type="hidden" name={`removed.${i}.version`} value={r.version} />
        </span>
      ))}
      <p className="kern-body" aria-live="polite">
        <strong>{withDemand.toLocaleString("de-DE")}</strong>
        {" Zeilen mit Bedarf, zusammen "}
        <strong>{formatEuro(totalCents)}</strong>
        {" netto zu Referenzpreisen."}
      </p>
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
              {DEMAND_TEXT_COLUMNS.map((c) => (
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
            const own = rowsByItem.get(item.id) ?? [];
            let total = 0;
            for (const { row } of own) total += quantities[row.key] ?? 0;
            return (
              <tbody key={item.id} className="kern-table__body">
                <ItemHeader
                  item={item}
                  total={total}
                  onAdd={editable && hydrated ? addRow : undefined}
                />
                {own.map(({ row, position }, n) => (
                  <LineRow
                    key={row.key}
                    row={row}
                    position={position}
                    label={`${item.name}, Zeile ${n + 1}`}
                    unit={item.unit}
                    referencePrice={item.referencePrice}
                    quantity={quantities[row.key] ?? 0}
                    errors={errors[row.key]}
                    serverErrors={serverErrorsAt(position)}
                    roundId={roundId}
                    readOnly={!editable}
                    onRemove={editable && hydrated ? removeRow : undefined}
                  />
                ))}
              </tbody>
            );
          })}
        </table>
      </div>
      {formError ? (
        <p className="kern-error" role="alert">
          <span className="kern-body">{formError}</span>
        </p>
      ) : null}
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
  );
}

const ItemHeader = memo(function ItemHeader({
  item,
  total,
  onAdd,
}: {
  item: Item;
  total: number;
  onAdd?: (itemId: string) => void;
}) {
  return (
    <tr className="kern-table__row demand-item-row">
      <th
        scope="rowgroup"
        colSpan={7}
        className="kern-table__header"
        id={`artikel-${item.articleNumber}`}
      >
        <span className="kern-body kern-body--bold">{`${item.articleNumber} · ${item.name}`}</span>{" "}
        <span className="kern-body kern-body--small">
          {`(${item.unit}, CPV ${item.cpvCode}, Referenzpreis ${formatUnitPrice(item.referencePrice)}) – zusammen ${total.toLocaleString("de-DE")} ${item.unit}`}
        </span>
      </th>
      {/* Over the value and action columns, so the button does not widen the table. The name
          goes in aria-label: a kern-sr-only part inside the button would make KERN draw it as a
          32 px icon button with the visible text spilling out. */}
      <td className="kern-table__cell kern-table__cell--action" colSpan={2}>
        {onAdd ? (
          <button
            type="button"
            className="kern-btn kern-btn--tertiary kern-btn--x-small"
            aria-label={`Weitere Kostenstelle für ${item.name}`}
            onClick={() => onAdd(item.id)}
          >
            <span className="kern-icon kern-icon--add" aria-hidden="true" />
            <span className="kern-label">Weitere Kostenstelle</span>
          </button>
        ) : null}
      </td>
    </tr>
  );
});

const LineRow = memo(function LineRow({
  row,
  position,
  label,
  unit,
  referencePrice,
  quantity,
  errors,
  serverErrors,
  roundId,
  readOnly,
  onRemove,
}: {
  row: Row;
  position: number;
  label: string;
  unit: string;
  referencePrice: number;
  quantity: number;
  errors?: RowErrors;
  serverErrors?: RowErrors;
  roundId: string;
  readOnly: boolean;
  onRemove?: (key: number) => void;
}) {
  const name = (field: string) => `lines.${position}.${field}`;
  const quantityError = errors?.quantity ?? serverErrors?.quantity;
  return (
    <tr className="kern-table__row">
      <td className="kern-table__cell">
        {row.id ? (
          <>
            <input type="hidden" name={name("id")} value={row.id} />
            <input type="hidden" name={name("version")} value={row.version} />
          </>
        ) : null}
        <input type="hidden" name={name("itemId")} value={row.itemId} />
        {row.id ? (
          <a className="kern-link kern-link--small" href={`/bedarf/${roundId}/verlauf/${row.id}`}>
            Verlauf<span className="kern-sr-only">{` von ${label}`}</span>
          </a>
        ) : null}
      </td>
      <td className="kern-table__cell kern-table__cell--numeric">
        <input
          name={name("quantity")}
          aria-label={`Menge (${unit}) – ${label}`}
          className={`kern-form-input__input${quantityError ? " kern-form-input__input--error" : ""}`}
          inputMode="numeric"
          readOnly={readOnly}
          defaultValue={row.quantity}
          aria-invalid={quantityError ? true : undefined}
          aria-describedby={quantityError ? `${name("quantity")}-error` : undefined}
        />
        {quantityError ? (
          <p className="kern-error" id={`${name("quantity")}-error`}>
            <span className="kern-body kern-body--small">{quantityError}</span>
          </p>
        ) : null}
      </td>
      {DEMAND_TEXT_COLUMNS.map((c) => {
        const error = errors?.[c.key] ?? serverErrors?.[c.key];
        const errorId = `${name(c.key)}-error`;
        return (
          <td key={c.key} className="kern-table__cell">
            <input
              name={name(c.key)}
              aria-label={`${c.label} – ${label}`}
              className={`kern-form-input__input${error ? " kern-form-input__input--error" : ""}`}
              readOnly={readOnly}
              defaultValue={row[c.key]}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
            />
            {error ? (
              <p className="kern-error" id={errorId}>
                <span className="kern-body kern-body--small">{error}</span>
              </p>
            ) : null}
          </td>
        );
      })}
      <td className="kern-table__cell kern-table__cell--numeric">
        {formatEuro(lineCents(quantity, referencePrice))}
      </td>
      <td className="kern-table__cell kern-table__cell--action">
        {onRemove ? (
          <button
            type="button"
            className="kern-btn kern-btn--tertiary kern-btn--x-small"
            title="Entfernen"
            onClick={() => onRemove(row.key)}
          >
            <span className="kern-icon kern-icon--delete" aria-hidden="true" />
            <span className="kern-label kern-sr-only">{`Entfernen – ${label}`}</span>
          </button>
        ) : null}
      </td>
    </tr>
  );
});
