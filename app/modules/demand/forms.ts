import * as z from "zod";

import { MAX_QUANTITY, TEXT_LIMITS } from "~/domain/demand";

const uuid = z.uuid("Ungültige Kennung.");

/** "1.000" (German thousands) or "1000"; empty means no line. */
export function parseQuantity(text: string): number | null | "invalid" {
  const t = text.trim();
  if (t === "") return null;
  if (!/^(\d+|\d{1,3}(\.\d{3})+)$/.test(t)) return "invalid";
  const n = Number(t.replaceAll(".", ""));
  return Number.isSafeInteger(n) && n <= MAX_QUANTITY ? n : "invalid";
}

/** The free-text columns of a demand line, in the order the page and the template show them. */
export const DEMAND_TEXT_COLUMNS = [
  { key: "costCentre", label: "Kostenstelle" },
  { key: "product", label: "Produkt" },
  { key: "ledgerAccount", label: "Sachkonto" },
  { key: "deliveryAddress", label: "Lieferadresse" },
  { key: "note", label: "Bemerkung" },
] as const;

const text = (label: string, max: number) =>
  z.string().trim().max(max, `${label}: höchstens ${max} Zeichen.`).default("");

export const demandLineSchema = z.object({
  id: z.union([uuid, z.literal("")]).default(""),
  version: z.string().regex(/^\d*$/, "Ungültige Version.").default(""),
  itemId: uuid,
  quantity: z
    .string()
    .default("")
    .refine((v) => parseQuantity(v) !== "invalid", {
      message: `Bitte eine ganze Zahl von 0 bis ${MAX_QUANTITY.toLocaleString("de-DE")} eingeben, ohne Komma.`,
    }),
  costCentre: text("Kostenstelle", TEXT_LIMITS.costCentre),
  product: text("Produkt", TEXT_LIMITS.product),
  ledgerAccount: text("Sachkonto", TEXT_LIMITS.ledgerAccount),
  deliveryAddress: text("Lieferadresse", TEXT_LIMITS.deliveryAddress),
  note: text("Bemerkung", TEXT_LIMITS.note),
});

export const demandFormSchema = z.object({
  intent: z.literal("save"),
  lines: z.array(demandLineSchema).max(5000, "Zu viele Zeilen (höchstens 5.000).").default([]),
  removed: z
    .array(z.object({ id: uuid, version: z.string().regex(/^\d+$/) }))
    .max(5000)
    .default([]),
});

export type DemandFormValues = z.input<typeof demandFormSchema>;
export type DemandLineField = keyof z.input<typeof demandLineSchema>;
