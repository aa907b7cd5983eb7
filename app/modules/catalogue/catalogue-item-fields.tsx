import { type useValidatedForm } from "~/kit/ui/use-validated-form";
import { itemCategories, itemCategoryLabels } from "~/domain/vocabulary";
import {
  type CatalogueFieldValues,
  type catalogueItemSchema,
  catalogueUnits,
  vatRatePercents,
} from "./forms";

import { CpvPicker } from "./cpv-picker";
import { FormFields } from "~/kit/ui/form-fields";

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
      <FormFields
        form={form}
        values={values}
        fields={[
          { name: "name", label: "Bezeichnung", autoComplete: "off" },
          { as: "textarea", name: "description", label: "Beschreibung (optional)" },
          {
            as: "select",
            name: "category",
            label: "Kategorie",
            options: itemCategories.map((c) => ({ value: c, label: itemCategoryLabels[c] })),
          },
          {
            as: "select",
            name: "unit",
            label: "Einheit",
            options: catalogueUnits.map((u) => ({ value: u, label: u })),
          },
        ]}
      />
      <CpvPicker
        id="cpvCode"
        label="CPV-Code"
        defaultValue={values.cpvCode}
        initialLabel={cpvLabel}
        {...form.bind("cpvCode")}
      />
      <FormFields
        form={form}
        values={values}
        fields={[
          {
            name: "referencePrice",
            label: "Referenzpreis netto je Einheit (€)",
            hint: "Bis zu 4 Nachkommastellen, z. B. 3,95 oder 1.234,5678.",
            inputMode: "decimal",
            autoComplete: "off",
          },
          {
            as: "select",
            name: "vatRate",
            label: "Umsatzsteuersatz",
            options: vatRatePercents.map((p) => ({ value: p, label: `${p} %` })),
          },
          {
            name: "attributes",
            label: "Merkmale (optional)",
            hint: "Was ein Angebot erfüllen muss, z. B. „80 g/m², DIN A4, Blauer Engel“.",
            autoComplete: "off",
          },
        ]}
      />
    </>
  );
}
