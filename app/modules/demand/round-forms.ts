import * as z from "zod";

import { fromBerlinInput } from "~/kit/dates";

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
    title: z
      .string()
      .trim()
      .min(3, "Bitte geben Sie einen Titel an (mindestens 3 Zeichen).")
      .max(200, "Der Titel ist zu lang."),
    description: z
      .string()
      .trim()
      .max(2000, "Die Beschreibung ist zu lang (höchstens 2.000 Zeichen).")
      .default(""),
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

export const reopenSchema = z.object({
  intent: z.literal("reopen"),
  reason: z
    .string()
    .trim()
    .min(5, "Bitte begründen Sie die Wiedereröffnung (mindestens 5 Zeichen).")
    .max(1000, "Die Begründung ist zu lang."),
  deadline: berlinDateTime("die neue Frist"),
});
