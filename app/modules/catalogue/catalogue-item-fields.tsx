import { type useValidatedForm } from "~/kit/ui/use-validated-form";
import { itemCategories, itemCategoryLabels } from "~/domain/vocabulary";
import {
  type CatalogueFieldValues,
  type catalogueItemSchema,
  catalogueUnits,
  vatRatePercents,
} from "./forms";

import { CpvPicker } from "./cpv-picker";
import { Field, FieldError } from "~/kit/ui/field";

type CatalogueForm = ReturnType<typeof useValidatedForm<typeof catalogueItemSchema>>;

function SelectField({
  id,
  label,
  error,
  defaultValue,
  options,
  registration,
}: {
  id: string;
  label: string;
  error?: string;
  defaultValue: string;
  options: readonly { value: string; label: string }[];
  registration: ReturnType<CatalogueForm["register"]>;
}) {
  return (
    <div className={`kern-form-input${error ? " kern-form-input--error" : ""}`}>
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
      <div className="kern-form-input__select-wrapper">
        <select
          id={id}
          className={`kern-form-input__select${error ? " kern-form-input__select--error" : ""}`}
          defaultValue={defaultValue}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          {...registration}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
    </div>
  );
}

/** The fields of the catalogue item form, shared by "Artikel anlegen" and "Artikel bearbeiten". */
export function CatalogueItemFields({
  form,
  values,
  cpvLabel,
}: {
  form: CatalogueForm;
  values: CatalogueFieldValues;
  cpvLabel?: string;
}) {
  const descriptionError = form.errorOf("description");
  return (
    <>
      <Field
        id="name"
        label="Bezeichnung"
        autoComplete="off"
        defaultValue={values.name}
        {...form.register("name")}
        error={form.errorOf("name")}
      />
      <div className={`kern-form-input${descriptionError ? " kern-form-input--error" : ""}`}>
        <label className="kern-label" htmlFor="description">
          Beschreibung (optional)
        </label>
        <textarea
          id="description"
          className={`kern-form-input__input${descriptionError ? " kern-form-input__input--error" : ""}`}
          rows={3}
          defaultValue={values.description}
          aria-invalid={descriptionError ? true : undefined}
          aria-describedby={descriptionError ? "description-error" : undefined}
          {...form.register("description")}
        />
        {descriptionError ? <FieldError id="description-error" message={descriptionError} /> : null}
      </div>
      <SelectField
        id="category"
        label="Kategorie"
        defaultValue={values.category}
        options={itemCategories.map((c) => ({ value: c, label: itemCategoryLabels[c] }))}
        registration={form.register("category")}
        error={form.errorOf("category")}
      />
      <SelectField
        id="unit"
        label="Einheit"
        defaultValue={values.unit}
        options={catalogueUnits.map((u) => ({ value: u, label: u }))}
        registration={form.register("unit")}
        error={form.errorOf("unit")}
      />
      <CpvPicker
        id="cpvCode"
        label="CPV-Code"
        defaultValue={values.cpvCode}
        initialLabel={cpvLabel}
        {...form.register("cpvCode")}
        error={form.errorOf("cpvCode")}
      />
      <Field
        id="referencePrice"
        label="Referenzpreis netto je Einheit (€)"
        hint="Bis zu 4 Nachkommastellen, z. B. 3,95 oder 1.234,5678."
        inputMode="decimal"
        autoComplete="off"
        defaultValue={values.referencePrice}
        {...form.register("referencePrice")}
        error={form.errorOf("referencePrice")}
      />
      <SelectField
        id="vatRate"
        label="Umsatzsteuersatz"
        defaultValue={values.vatRate}
        options={vatRatePercents.map((p) => ({ value: p, label: `${p} %` }))}
        registration={form.register("vatRate")}
        error={form.errorOf("vatRate")}
      />
      <Field
        id="attributes"
        label="Merkmale (optional)"
        hint="Was ein Angebot erfüllen muss, z. B. „80 g/m², DIN A4, Blauer Engel“."
        autoComplete="off"
        defaultValue={values.attributes}
        {...form.register("attributes")}
        error={form.errorOf("attributes")}
      />
    </>
  );
}
