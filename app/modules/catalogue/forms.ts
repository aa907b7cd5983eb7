import * as z from "zod";

import { DomainError } from "~/domain/errors";
import { formatUnitPrice, parseUnitPrice } from "~/domain/money";
import { itemCategories } from "~/domain/vocabulary";

/** Units an item can be ordered in; a fixed list so that demand from many bodies adds up. */
export const catalogueUnits = [
  "Stück",
  "Packung",
  "Ries",
  "Karton",
  "Rolle",
  "Liter",
  "Flasche",
  "Kanister",
  "Lizenz/Jahr",
] as const;

/** VAT rates a catalogue item may carry, as the percent the form shows. */
export const vatRatePercents = ["19", "7", "0"] as const;

/** 39500 → "3,95" for the price input: the German text the parser reads back exactly. */
export function priceInputValue(tenThousandths: number): string {
  return formatUnitPrice(tenThousandths).replace(/ €$/, "");
}

const text = (max: number, tooLong: string) => z.string().trim().max(max, tooLong);

export const catalogueItemSchema = z.object({
  name: z
    .string()
    .trim()
    .min(3, "Bitte geben Sie eine Bezeichnung mit mindestens 3 Zeichen ein.")
    .max(200, "Die Bezeichnung darf höchstens 200 Zeichen lang sein."),
  description: text(2000, "Die Beschreibung darf höchstens 2.000 Zeichen lang sein.").default(""),
  unit: z.enum(catalogueUnits, { error: "Bitte wählen Sie eine Einheit." }),
  cpvCode: z
    .string()
    .trim()
    .regex(/^\d{8}-\d$/, "Bitte geben Sie einen CPV-Code im Format 12345678-9 ein."),
  category: z.enum(itemCategories, { error: "Bitte wählen Sie eine Kategorie." }),
  vatRate: z
    .enum(vatRatePercents, { error: "Bitte wählen Sie einen Steuersatz (19 %, 7 % oder 0 %)." })
    .transform((percent) => Number(percent) * 100),
  referencePrice: z.string().transform((value, ctx) => {
    try {
      const price = parseUnitPrice(value, "Referenzpreis");
      if (price === 0) {
        ctx.addIssue({ code: "custom", message: "Der Referenzpreis muss größer als 0 € sein." });
        return z.NEVER;
      }
      return price;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      ctx.addIssue({ code: "custom", message: error.message });
      return z.NEVER;
    }
  }),
  attributes: text(500, "Die Merkmale dürfen höchstens 500 Zeichen lang sein.").default(""),
});

export type CatalogueItemFormInput = z.input<typeof catalogueItemSchema>;
export type CatalogueItemFormOutput = z.output<typeof catalogueItemSchema>;

/** The form's output as the model takes it (percent → basis points already happened). */
export function catalogueInputOf(form: CatalogueItemFormOutput) {
  return {
    name: form.name,
    description: form.description,
    unit: form.unit,
    cpvCode: form.cpvCode,
    category: form.category,
    vatRateBp: form.vatRate,
    referencePrice: form.referencePrice,
    attributes: form.attributes,
  };
}

/** Text values the form's fields start with: a stored item, or what a failed post sent. */
export type CatalogueFieldValues = Record<
  | "name"
  | "description"
  | "unit"
  | "cpvCode"
  | "category"
  | "vatRate"
  | "referencePrice"
  | "attributes",
  string
>;

export const emptyCatalogueFields: CatalogueFieldValues = {
  name: "",
  description: "",
  unit: "Stück",
  cpvCode: "",
  category: "consumable",
  vatRate: "19",
  referencePrice: "",
  attributes: "",
};

export function catalogueFieldsOfItem(item: {
  name: string;
  description: string;
  unit: string;
  cpvCode: string;
  category: string;
  vatRateBp: number;
  referencePrice: number;
  attributes: string;
}): CatalogueFieldValues {
  return {
    name: item.name,
    description: item.description,
    unit: item.unit,
    cpvCode: item.cpvCode,
    category: item.category,
    // Only whole percents are offered; 1900 → "19".
    vatRate: String(Math.trunc(item.vatRateBp / 100)),
    referencePrice: priceInputValue(item.referencePrice),
    attributes: item.attributes,
  };
}

/** What the browser sent, so that a form refused without JavaScript comes back filled in. */
export function catalogueFieldsOfFormData(formData: FormData): CatalogueFieldValues {
  const read = (key: keyof CatalogueFieldValues) => {
    const value = formData.get(key);
    return typeof value === "string" ? value.slice(0, 2000) : emptyCatalogueFields[key];
  };
  return {
    name: read("name"),
    description: read("description"),
    unit: read("unit"),
    cpvCode: read("cpvCode"),
    category: read("category"),
    vatRate: read("vatRate"),
    referencePrice: read("referencePrice"),
    attributes: read("attributes"),
  };
}
