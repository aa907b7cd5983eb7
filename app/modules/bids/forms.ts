import * as z from "zod";

import { DomainError } from "~/domain/errors";
import { formatUnitPrice, parseUnitPrice } from "~/domain/money";
import { type ConfirmationStep } from "~/kit/confirmation";

/** A reason for awarding another than the best bid: at least this long (shared with the model). */
export const AWARD_REASON_MIN = 10;
export const AWARD_REASON_MAX = 2_000;

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "Ungültige Angabe.");

/** A unit price typed the German way ("3,95", "1.234,5678 €") → 1/10,000 EUR, never a float. */
const unitPrice = z.string().transform((text, ctx) => {
  if (text.trim() === "") {
    ctx.addIssue({ code: "custom", message: "Bitte geben Sie einen Preis ein." });
    return z.NEVER;
  }
  try {
    return parseUnitPrice(text, "Preis");
  } catch (error) {
    ctx.addIssue({
      code: "custom",
      message: error instanceof DomainError ? error.message : "Ungültiger Preis.",
    });
    return z.NEVER;
  }
});

const points = z
  .string()
  .trim()
  .min(1, "Bitte geben Sie die Punkte an.")
  .regex(/^\d{1,3}$/, "Bitte geben Sie eine ganze Zahl von 0 bis 100 an.")
  .transform(Number)
  .refine((n) => n <= 100, "Bitte geben Sie eine ganze Zahl von 0 bis 100 an.");

const qualityEntries = z
  .array(z.object({ criterionId: uuid, points }))
  .max(50)
  .default([]);

export const typedBidSchema = z
  .object({
    intent: z.literal("typed"),
    lotId: uuid,
    bidderName: z
      .string()
      .trim()
      .min(1, "Bitte geben Sie den Namen des Bieters an.")
      .max(200, "Der Name ist zu lang (höchstens 200 Zeichen)."),
    bidderAddress: z
      .string()
      .trim()
      .max(1000, "Die Anschrift ist zu lang (höchstens 1.000 Zeichen).")
      .default(""),
    prices: z
      .array(
        z.object({
          itemId: uuid,
          bandIndex: z.coerce.number().int().min(0).max(50),
          unitPrice,
        }),
      )
      .min(1, "Es fehlen die Preise.")
      .max(5_000),
    quality: qualityEntries,
  })
  .superRefine((bid, ctx) => {
    // Prices must not rise with the band: the error goes to the price that rises.
    const last = new Map<string, { bandIndex: number; unitPrice: number }>();
    const order = bid.prices
      .map((p, i) => ({ ...p, i }))
      .sort((a, b) =>
        a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : a.bandIndex - b.bandIndex,
      );
    for (const p of order) {
      const before = last.get(p.itemId);
      if (before && p.unitPrice > before.unitPrice) {
        ctx.addIssue({
          code: "custom",
          path: ["prices", p.i, "unitPrice"],
          message: `Der Preis ist höher als in der Staffel davor (${formatUnitPrice(before.unitPrice)}); Staffelpreise dürfen mit der Menge nicht steigen.`,
        });
      }
      last.set(p.itemId, p);
    }
  });
export type TypedBidForm = z.input<typeof typedBidSchema>;

export const deleteBidSchema = z.object({ intent: z.literal("delete"), bidId: uuid });

export const qualityPointsSchema = z.object({
  intent: z.literal("quality"),
  bidId: uuid,
  quality: qualityEntries,
});
export type QualityPointsForm = z.input<typeof qualityPointsSchema>;

export const awardSchema = z.object({
  /** award, or (above the EU threshold) the § 134 GWB information naming this bid */
  intent: z.enum(["award", "inform"]),
  /** inform: sent electronically (10 days' standstill) or not (15 days) */
  electronic: z.enum(["ja", "nein"]).default("ja"),
  bidId: z
    .string({ error: "Bitte wählen Sie ein Angebot." })
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      "Bitte wählen Sie ein Angebot.",
    ),
  reason: z
    .string()
    .trim()
    .max(AWARD_REASON_MAX, "Die Begründung ist zu lang (höchstens 2.000 Zeichen).")
    .default(""),
});
export type AwardForm = z.input<typeof awardSchema>;

/** What a post to the bids page answers when it does not redirect (shown beside its form). */
export type BidsPageResult =
  | { form: "upload"; fileError: string | null; problems: string[] }
  | {
      form: "typed";
      lotId: string;
      fieldErrors: Record<string, string>;
      message: string | null;
      values: Record<string, unknown>;
    }
  | { form: "bid"; bidId: string; fieldErrors: Record<string, string>; message: string | null }
  | { form: "confirm"; confirmation: ConfirmationStep };

/** What a post to the evaluation page answers when it does not redirect. */
export type EvaluationPageResult = {
  fieldErrors: Record<string, string>;
  message: string | null;
  /** Set when the award was posted without confirmation: nothing was done. */
  confirmation?: ConfirmationStep;
};

/** The form field of the price sheet upload on the bids page. */
export const PRICE_SHEET_FIELD = "datei";

/** What the bids pages' irreversible steps do, for their confirmation (decision 028). */
export const BID_CONFIRMATIONS = {
  award:
    "Nach dem Zuschlag ist die Wertung dieses Loses abgeschlossen: die Kosten werden auf die Körperschaften aufgeteilt, und der Zuschlag kann nicht zurückgenommen werden.",
  delete: "Das Angebot wird gelöscht und kann nicht wiederhergestellt werden.",
  inform:
    "Die unterlegenen Bieter werden nach § 134 GWB informiert; damit beginnt die Wartefrist, und die Angebote dieses Loses können nicht mehr geändert werden.",
} as const;
