import * as z from "zod";

import { DomainError } from "~/domain/errors";
import { formatUnitPrice, parseUnitPrice } from "~/domain/money";

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

export const itemCategories = ["consumable", "license"] as const;

export const categoryLabels: Record<(typeof itemCategories)[number], string> = {
  consumable: "Verbrauchsmaterial",
  license: "Lizenz",
};

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
