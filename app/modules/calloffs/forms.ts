// The call-off form (Abruf), shared by the browser and the action.
import * as z from "zod";

import { MAX_QUANTITY } from "~/domain/demand";

export const COST_CENTRE_MAX = 60;

export const callOffSchema = z.object({
  itemId: z.uuid("Bitte wählen Sie einen Artikel."),
  quantity: z
    .string()
    .trim()
    .min(1, "Bitte geben Sie die Menge an.")
    .regex(/^(\d+|\d{1,3}(\.\d{3})+)$/, "Die Menge ist eine ganze Zahl, z. B. 250.")
    .transform((t) => Number(t.replaceAll(".", "")))
    .refine((n) => n >= 1, "Die Menge muss mindestens 1 sein.")
    .refine(
      (n) => n <= MAX_QUANTITY,
      `Die Menge darf höchstens ${MAX_QUANTITY.toLocaleString("de-DE")} betragen.`,
    ),
  calledOn: z.iso.date("Bitte geben Sie das Datum des Abrufs an (TT.MM.JJJJ)."),
  costCentre: z
    .string()
    .trim()
    .max(COST_CENTRE_MAX, `Kostenstelle: höchstens ${COST_CENTRE_MAX} Zeichen.`)
    .default(""),
});

export type CallOffForm = z.input<typeof callOffSchema>;
export type CallOffInput = z.output<typeof callOffSchema>;
