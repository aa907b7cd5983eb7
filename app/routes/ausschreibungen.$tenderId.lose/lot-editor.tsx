import { Form } from "@remix-run/react";

import { formatQuantity } from "~/domain/lots";
import { type ItemCategory, itemCategoryLabels } from "~/domain/vocabulary";
import { Checkbox } from "~/kit/ui/checkbox";
import { DataTable } from "~/kit/ui/data-table";
import { SelectField } from "~/kit/ui/field";
import { Badge } from "~/kit/ui/badge";

import { type Lot, LotBreakdown } from "./lot-breakdown";

/** One lot with its edit forms (draft only): rename, move an item, split, merge, take out. */
export function LotEditor({
  lot,
  sameCategory,
  draft,
  renameErrors,
  splitErrors,
}: {
  lot: Lot;
  sameCategory: {
    id: string;
    number: number;
    title: string;
    label: string;
    category: ItemCategory;
  }[];
  draft: boolean;
  renameErrors: Record<string, string>;
  splitErrors: Record<string, string>;
}) {
  const itemOptions = lot.items.map((i) => ({ value: i.itemId, label: i.name }));
  const lotOptions = sameCategory.map((l) => ({
    value: l.id,
    label: l.label,
  }));
  return (
    <section className="kern-stack-sm" aria-labelledby={`los-${lot.id}`}>
      <div className="actions">
        <h2 className="kern-heading-medium" id={`los-${lot.id}`}>
          {lot.label}
        </h2>
        <Badge tone="info">{itemCategoryLabels[lot.category]}</Badge>
      </div>
      {draft ? (
        <Form method="post" className="actions">
          <input type="hidden" name="intent" value="rename" />
          <input type="hidden" name="lotId" value={lot.id} />
          <div
            className={`kern-form-input${renameErrors.title ? " kern-form-input--error" : ""}`}
            style={{ flex: "1 1 24rem", maxWidth: "40rem" }}
          >
            <label className="kern-label" htmlFor={`title-${lot.id}`}>
              Titel von Los {lot.number}
            </label>
            <input
              id={`title-${lot.id}`}
              name="title"
              className="kern-form-input__input"
              defaultValue={lot.title}
              aria-invalid={renameErrors.title ? true : undefined}
            />
            {renameErrors.title ? <p className="kern-error">{renameErrors.title}</p> : null}
          </div>
          <button type="submit" className="kern-btn kern-btn--secondary">
            <span className="kern-label">Umbenennen</span>
          </button>
        </Form>
      ) : null}
      <DataTable
        caption={<>Artikel von Los {lot.number}</>}
        rows={lot.items}
        rowKey={(item) => item.itemId}
        columns={[
          { header: "Artikel", cell: (item) => item.name },
          { header: "CPV", cellClassName: "nowrap", cell: (item) => item.cpvCode },
          {
            header: "Gebündelte Menge",
            numeric: true,
            cell: (item) => (
              <>
                {formatQuantity(item.bundledQuantity)} {item.unit}
              </>
            ),
          },
        ]}
      />
      {draft ? (
        <Form method="post" className="actions">
          <input type="hidden" name="intent" value="move" />
          <SelectField
            id={`move-item-${lot.id}`}
            name="itemId"
            label={<>Artikel aus Los {lot.number}</>}
            flex="1 1 20rem"
            options={itemOptions}
          />
          <SelectField
            id={`move-target-${lot.id}`}
            name="target"
            label="verschieben nach"
            flex="1 1 14rem"
            defaultValue="new"
            options={[{ value: "new", label: "neues Los" }, ...lotOptions]}
          />
          <button type="submit" className="kern-btn kern-btn--secondary">
            <span className="kern-label">Verschieben</span>
          </button>
        </Form>
      ) : null}
      {draft && lot.items.length > 1 ? (
        <details>
          <summary className="kern-link">Los {lot.number} teilen</summary>
          <Form method="post" className="kern-stack-sm narrow">
            <input type="hidden" name="intent" value="split" />
            <input type="hidden" name="lotId" value={lot.id} />
            <fieldset className="kern-fieldset">
              <legend className="kern-label">Diese Artikel kommen in ein neues Los</legend>
              <div className="kern-fieldset__body">
                {lot.items.map((item) => (
                  <Checkbox
                    key={item.itemId}
                    id={`split-${item.itemId}`}
                    label={item.name}
                    name="itemIds"
                    value={item.itemId}
                  />
                ))}
                {splitErrors.itemIds ? <p className="kern-error">{splitErrors.itemIds}</p> : null}
              </div>
            </fieldset>
            <div className={`kern-form-input${splitErrors.title ? " kern-form-input--error" : ""}`}>
              <label className="kern-label" htmlFor={`split-title-${lot.id}`}>
                Titel des neuen Loses
              </label>
              <input
                id={`split-title-${lot.id}`}
                name="title"
                className="kern-form-input__input"
                defaultValue={`${lot.title} (Teil 2)`}
              />
              {splitErrors.title ? <p className="kern-error">{splitErrors.title}</p> : null}
            </div>
            <button type="submit" className="kern-btn kern-btn--secondary">
              <span className="kern-label">Neues Los bilden</span>
            </button>
          </Form>
        </details>
      ) : null}
      {draft && sameCategory.length > 0 ? (
        <Form method="post" className="actions">
          <input type="hidden" name="intent" value="merge" />
          <input type="hidden" name="lotId" value={lot.id} />
          <SelectField
            id={`merge-${lot.id}`}
            name="otherLotId"
            label={<>Los {lot.number} zusammenlegen mit</>}
            options={lotOptions}
          />
          <button type="submit" className="kern-btn kern-btn--secondary">
            <span className="kern-label">Zusammenlegen</span>
          </button>
        </Form>
      ) : null}
      {draft ? (
        <details>
          <summary className="kern-link">Einen Artikel aus der Ausschreibung herausnehmen</summary>
          <Form method="post" className="actions">
            <input type="hidden" name="intent" value="remove" />
            <SelectField
              id={`remove-item-${lot.id}`}
              name="itemId"
              label={<>Herauszunehmender Artikel aus Los {lot.number}</>}
              flex="1 1 20rem"
              options={itemOptions}
            />
            <button type="submit" className="kern-btn kern-btn--tertiary">
              <span className="kern-label">Herausnehmen</span>
            </button>
          </Form>
        </details>
      ) : null}
      <LotBreakdown lot={lot} />
    </section>
  );
}
