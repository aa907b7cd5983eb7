// zod fields for the free texts that several forms share (a round's and a tender's title and
// description), so that their limits and German messages are written once. Browser-safe.
import * as z from "zod";

const thousands = new Intl.NumberFormat("de-DE");

/** The title a user gives a round or a tender: 3 to 200 characters. */
export const titleField = z
  .string()
  .trim()
  .min(3, "Bitte geben Sie einen Titel an (mindestens 3 Zeichen).")
  .max(200, "Der Titel ist zu lang.");

/** An optional description of at most `max` characters; empty when left out. */
export const descriptionField = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Die Beschreibung ist zu lang (höchstens ${thousands.format(max)} Zeichen).`)
    .default("");
