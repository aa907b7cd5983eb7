import { type useValidatedForm } from "~/kit/ui/use-validated-form";
import { itemCategories, itemCategoryLabels } from "~/domain/vocabulary";
import {
  type CatalogueFieldValues,
  type catalogueItemSchema,
  catalogueUnits,
  vatRatePercents,
} from "./forms";

import { CpvPicker } from "./cpv-picker";
import { Field, SelectField, TextAreaField } from "~/kit/ui/field";

type CatalogueForm = ReturnType<typeof useValidatedForm<typeof catalogueItemSchema>>;

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
  return (
    <>
      <Field
        id="name"
        label="Bezeichnung"
        autoComplete="off"
        defaultValue={values.name}
        {...form.bind("name")}
      />
      <TextAreaField
        id="description"
        label="Beschreibung (optional)"
        defaultValue={values.description}
        {...form.bind("description")}
      />
      <SelectField
        id="category"
        label="Kategorie"
        defaultValue={values.category}
        options={itemCategories.map((c) => ({ value: c, label: itemCategoryLabels[c] }))}
        {...form.bind("category")}
      />
      <SelectField
        id="unit"
        label="Einheit"
        defaultValue={values.unit}
        options={catalogueUnits.map((u) => ({ value: u, label: u }))}
        {...form.bind("unit")}
      />
      <CpvPicker
        id="cpvCode"
        label="CPV-Code"
        defaultValue={values.cpvCode}
        initialLabel={cpvLabel}
        {...form.bind("cpvCode")}
      />
      <Field
        id="referencePrice"
        label="Referenzpreis netto je Einheit (€)"
        hint="Bis zu 4 Nachkommastellen, z. B. 3,95 oder 1.234,5678."
        inputMode="decimal"
        autoComplete="off"
        defaultValue={values.referencePrice}
        {...form.bind("referencePrice")}
      />
      <SelectField
        id="vatRate"
        label="Umsatzsteuersatz"
        defaultValue={values.vatRate}
        options={vatRatePercents.map((p) => ({ value: p, label: `${p} %` }))}
        {...form.bind("vatRate")}
      />
      <Field
        id="attributes"
        label="Merkmale (optional)"
        hint="Was ein Angebot erfüllen muss, z. B. „80 g/m², DIN A4, Blauer Engel“."
        autoComplete="off"
        defaultValue={values.attributes}
        {...form.bind("attributes")}
      />
    </>
  );
}
