import * as z from "zod";

import { MAX_QUANTITY, TEXT_LIMITS } from "~/domain/demand";
import { fromBerlinInput } from "~/kit/dates";
import { descriptionField, titleField } from "~/kit/text-fields";

const uuid = z.uuid("Ungültige Kennung.");

/** "1.000" (German thousands) or "1000"; empty means no line. */
export function parseQuantity(text: string): number | null | "invalid" {
  const t = text.trim();
  if (t === "") return null;
  if (!/^(\d+|\d{1,3}(\.\d{3})+)$/.test(t)) return "invalid";
  const n = Number(t.replaceAll(".", ""));
  return Number.isSafeInteger(n) && n <= MAX_QUANTITY ? n : "invalid";
}

/** Items per page of the demand form: 25 render in a quarter of the time of 100 (decision 032). */
export const DEMAND_PAGE_SIZE = 25;

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
/** A row of the form as posted (every field a string; "" for none), after the schema's defaults */
export type DemandLineValues = z.output<typeof demandLineSchema>;

// ─── The round (Bedarfsabfrage) as its lead edits it ─────────────────────────────────────────

const berlinDateTime = (label: string) =>
  z
    .string()
    .min(1, `Bitte geben Sie ${label} an.`)
    .refine(
      (v) => fromBerlinInput(v) !== null,
      `Bitte geben Sie ${label} als Datum und Uhrzeit an.`,
    );

export const roundSchema = z
  .object({
    title: titleField,
    description: descriptionField(2000),
    budgetYear: z.coerce
      .number({ error: "Bitte geben Sie das Haushaltsjahr an." })
      .int("Das Haushaltsjahr ist eine ganze Zahl.")
      .min(2020, "Das Haushaltsjahr liegt zwischen 2020 und 2100.")
      .max(2100, "Das Haushaltsjahr liegt zwischen 2020 und 2100."),
    opensAt: berlinDateTime("den Beginn"),
    deadline: berlinDateTime("die Frist"),
  })
  .refine(
    (v) => {
      const a = fromBerlinInput(v.opensAt);
      const b = fromBerlinInput(v.deadline);
      return !a || !b || b.getTime() > a.getTime();
    },
    { message: "Die Frist muss nach dem Beginn liegen.", path: ["deadline"] },
  );

export type RoundForm = z.input<typeof roundSchema>;

/** A checked round form as `createRound` and `updateDraftRound` take it: times as instants. */
export function roundInputOf(form: z.output<typeof roundSchema>) {
  return {
    title: form.title,
    description: form.description,
    budgetYear: form.budgetYear,
    // the schema refused what fromBerlinInput cannot read
    opensAt: fromBerlinInput(form.opensAt)!,
    deadline: fromBerlinInput(form.deadline)!,
  };
}

export const reopenSchema = z.object({
  intent: z.literal("reopen"),
  reason: z
    .string()
    .trim()
    .min(5, "Bitte begründen Sie die Wiedereröffnung (mindestens 5 Zeichen).")
    .max(1000, "Die Begründung ist zu lang."),
  deadline: berlinDateTime("die neue Frist"),
});

/** The invited bodies' answers, with their German labels (round page badges and filter). */
export const answerLabels = {
  demand: "Bedarf gemeldet",
  "no-demand": "kein Bedarf",
  silent: "noch keine Antwort",
} as const;
export type RoundAnswer = keyof typeof answerLabels;

/** The round page's answer filter: the value in the URL (`?antwort=`) and the answer it means. */
export const answerFilters = {
  bedarf: "demand",
  "kein-bedarf": "no-demand",
  offen: "silent",
} as const satisfies Record<string, RoundAnswer>;
export type AnswerFilter = keyof typeof answerFilters;

/** What the round page's irreversible steps do, for their confirmation (decision 028). */
export const ROUND_CONFIRMATIONS = {
  open: "Nach der Veröffentlichung werden die eingeladenen Körperschaften benachrichtigt und können Bedarf melden; Artikel, Haushaltsjahr und Fristen der Runde können nicht mehr geändert werden.",
  close:
    "Nach dem Schließen können die Körperschaften keinen Bedarf mehr melden, auch wenn die Frist noch läuft. Wieder öffnen lässt sich die Runde nur mit Begründung, die im Vergabevermerk steht.",
  reopen:
    "Die Runde wird bis zur neuen Frist wieder geöffnet; die Wiedereröffnung wird mit Ihrer Begründung im Vergabevermerk festgehalten und lässt sich nicht zurücknehmen.",
} as const;
