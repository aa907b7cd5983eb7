import {
  awardCriteria,
  type AwardCriteria,
  contractTypes,
  goodsBillings,
  pricings,
  procedureChoices,
  sharedCostKeys,
  sharedCostKinds,
  sharedCostPayers,
} from "~/domain/vocabulary";
import * as z from "zod";

import { parseIsoDate } from "~/domain/calendar-date";
import { type CancellationGroundId, CANCELLATION_GROUNDS } from "~/domain/exception-grounds";
import { MIN_REASON_LENGTH } from "~/domain/input-checks";
import { DomainError } from "~/domain/errors";
import { MAX_TERM_MONTHS_WITHOUT_REASON } from "~/domain/lots";
import { parseEuroCents, parseVatRate } from "~/domain/money";
import { fromBerlinInput } from "~/kit/dates";
import { descriptionField, titleField } from "~/kit/text-fields";

import { type TenderSettings } from "./types";

// The forms of a joint tender (Ausschreibung). Percentages are entered in German ("30", "7,5")
// and leave the schema as basis points; amounts as German euro text and leave it as cents.

const uuid = z.uuid("Ungültige Auswahl.");

/** German percent text ("30", "7,5", "19 %") → basis points. */
const percent = (what: string) =>
  z.string().transform((value, ctx) => {
    try {
      return parseVatRate(value, what);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      ctx.addIssue({ code: "custom", message: error.message });
      return z.NEVER;
    }
  });

/** Checkbox groups arrive as one string, several strings, or `false` (react-hook-form). */
export const checkedValues = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (v) =>
      Array.isArray(v)
        ? v.filter((x) => typeof x === "string" && x.length > 0)
        : typeof v === "string" && v.length > 0
          ? [v]
          : [],
    schema,
  );

export const QUALITY_ROWS = 3;

const settingsFields = {
  referenceNumber: z
    .string()
    .trim()
    .min(1, "Bitte geben Sie die Vergabenummer an.")
    .max(60, "Die Vergabenummer ist zu lang (höchstens 60 Zeichen)."),
  title: titleField,
  description: descriptionField(4000),
  pricing: z.enum(pricings, { error: "Bitte wählen Sie die Preisart." }),
  contractType: z.enum(contractTypes, { error: "Bitte wählen Sie die Vertragsart." }),
  goodsBilling: z
    .enum(goodsBillings, { error: "Bitte wählen Sie die Abrechnung." })
    .default("supplier"),
  termMonths: z.coerce
    .number({ error: "Bitte geben Sie die Laufzeit in Monaten an." })
    .int("Die Laufzeit ist eine ganze Zahl von Monaten.")
    .min(1, "Die Laufzeit beträgt mindestens 1 Monat.")
    .max(120, "Die Laufzeit beträgt höchstens 120 Monate."),
  termReason: z.string().trim().max(2000, "Die Begründung ist zu lang.").default(""),
  /** "12; 12": extension options in months each */
  extensionMonths: z
    .string()
    .trim()
    .max(100, "Zu viele Verlängerungsoptionen.")
    .default("")
    .refine(
      (v) => parseExtensionMonths(v) !== null,
      "Bitte geben Sie die Verlängerungsoptionen als ganze Monate an, mit Semikolon getrennt (z. B. 12; 12), höchstens fünf zu je höchstens 120 Monaten.",
    ),
  callOffReserve: z
    .string()
    .trim()
    .default("0")
    .refine((v) => {
      try {
        parseVatRate(v || "0", "Reserve");
        return true;
      } catch {
        return false;
      }
    }, "Bitte geben Sie die Reserve in Prozent an, zwischen 0 und 100, z. B. 10."),
  contractStart: z
    .string()
    .trim()
    .refine((v) => {
      try {
        parseIsoDate(v, "Vertragsbeginn");
        return true;
      } catch {
        return false;
      }
    }, "Bitte geben Sie den Vertragsbeginn als Datum an."),
  criteria: z.enum(awardCriteria, {
    error: "Bitte wählen Sie die Zuschlagskriterien.",
  }),
  priceWeight: z.string().default("100"),
  qualityCriteria: z
    .array(
      z.object({
        name: z.string().trim().max(200, "Der Name ist zu lang.").default(""),
        weight: z.string().default(""),
      }),
    )
    .max(10, "Höchstens 10 Qualitätskriterien.")
    .default([]),
  submissionDeadline: z
    .string()
    .min(1, "Bitte geben Sie die Angebotsfrist an.")
    .refine(
      (v) => fromBerlinInput(v) !== null,
      "Bitte geben Sie die Angebotsfrist als Datum und Uhrzeit an.",
    ),
  deadlineReason: z
    .string()
    .trim()
    .max(4000, "Die Begründung ist zu lang (höchstens 4.000 Zeichen).")
    .default(""),
};

/** "12; 12" → [12, 12]; "" → []; null when not whole months 1–120, at most five. */
export function parseExtensionMonths(text: string): number[] | null {
  const parts = text
    .split(/[;,\s]+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length > 5 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const months = parts.map(Number);
  return months.every((m) => m >= 1 && m <= 120) ? months : null;
}

type SettingsRaw = {
  termMonths: number;
  termReason: string;
  criteria: AwardCriteria;
  priceWeight: string;
  qualityCriteria: { name: string; weight: string }[];
};

/** Cross-field rules: a long term needs its reason; quality weights add up to 100 %. */
function refineSettings(v: SettingsRaw, ctx: z.RefinementCtx) {
  if (v.termMonths > MAX_TERM_MONTHS_WITHOUT_REASON && v.termReason.length < 10) {
    ctx.addIssue({
      code: "custom",
      path: ["termReason"],
      message: `Eine Laufzeit über ${MAX_TERM_MONTHS_WITHOUT_REASON} Monate braucht eine Begründung (§ 21 Abs. 6 VgV, mindestens 10 Zeichen).`,
    });
  }
  if (v.criteria !== "price-quality") return;
  const rows = v.qualityCriteria
    .map((c, i) => ({ ...c, i }))
    .filter((c) => c.name || c.weight.trim());
  if (rows.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["qualityCriteria", 0, "name"],
      message: "Bitte geben Sie mindestens ein Qualitätskriterium an.",
    });
    return;
  }
  let sum = 0;
  let parsedAll = true;
  const read = (text: string, path: (string | number)[], what: string) => {
    try {
      const bp = parseVatRate(text, what);
      if (bp === 0) throw new DomainError(`${what}: Das Gewicht muss über 0 % liegen.`);
      return bp;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      ctx.addIssue({ code: "custom", path, message: error.message });
      parsedAll = false;
      return 0;
    }
  };
  sum += read(v.priceWeight, ["priceWeight"], "Gewicht des Preises");
  for (const row of rows) {
    if (!row.name)
      ctx.addIssue({
        code: "custom",
        path: ["qualityCriteria", row.i, "name"],
        message: "Bitte benennen Sie das Kriterium.",
      });
    sum += read(
      row.weight,
      ["qualityCriteria", row.i, "weight"],
      `Gewicht von „${row.name || `Kriterium ${row.i + 1}`}“`,
    );
  }
  if (parsedAll && sum !== 10_000) {
    ctx.addIssue({
      code: "custom",
      path: ["priceWeight"],
      message: `Preis und Qualitätskriterien müssen zusammen 100 % ergeben (jetzt ${(sum / 100).toLocaleString("de-DE")} %).`,
    });
  }
}

export const tenderSettingsSchema = z.object(settingsFields).superRefine(refineSettings);

export const newTenderSchema = z
  .object({
    ...settingsFields,
    roundIds: checkedValues(
      z
        .array(uuid)
        .min(1, "Bitte wählen Sie mindestens eine abgeschlossene Bedarfsabfrage.")
        .max(50, "Höchstens 50 Bedarfsabfragen."),
    ),
  })
  .superRefine(refineSettings);

export type TenderSettingsForm = z.input<typeof tenderSettingsSchema>;
export type NewTenderForm = z.input<typeof newTenderSchema>;

/** The form's output as the model takes it (`fromBerlinInput` already succeeded in the schema). */
export function settingsInputOf(form: z.output<typeof tenderSettingsSchema>): TenderSettings {
  const quality =
    form.criteria === "price-quality"
      ? form.qualityCriteria.filter((c) => c.name || c.weight.trim())
      : [];
  return {
    referenceNumber: form.referenceNumber,
    title: form.title,
    description: form.description,
    pricing: form.pricing,
    framework: form.contractType === "framework",
    callOffReserveBp:
      form.contractType === "framework" ? parseVatRate(form.callOffReserve || "0", "Reserve") : 0,
    goodsBilling: form.goodsBilling,
    termMonths: form.termMonths,
    extensionMonths: parseExtensionMonths(form.extensionMonths) ?? [],
    termReason: form.termReason,
    contractStart: form.contractStart,
    criteria: form.criteria,
    priceWeightBp: form.criteria === "price-quality" ? parseVatRate(form.priceWeight) : 10_000,
    qualityCriteria: quality.map((c) => ({ name: c.name, weightBp: parseVatRate(c.weight) })),
    submissionDeadline: fromBerlinInput(form.submissionDeadline)!,
    deadlineReason: form.deadlineReason,
  };
}

/** A stored tender as the settings form's text values. */
export function settingsFieldsOf(
  t: Omit<TenderSettings, "submissionDeadline"> & { submissionDeadlineInput: string },
): TenderSettingsForm {
  const pct = (bp: number) => (bp / 100).toLocaleString("de-DE", { maximumFractionDigits: 2 });
  return {
    referenceNumber: t.referenceNumber,
    title: t.title,
    description: t.description,
    pricing: t.pricing,
    contractType: t.framework ? "framework" : "single",
    callOffReserve: pct(t.callOffReserveBp ?? 0),
    goodsBilling: t.goodsBilling ?? "supplier",
    termMonths: String(t.termMonths),
    extensionMonths: (t.extensionMonths ?? []).join("; "),
    termReason: t.termReason,
    contractStart: t.contractStart,
    criteria: t.criteria,
    priceWeight: pct(t.priceWeightBp),
    qualityCriteria: Array.from(
      { length: Math.max(QUALITY_ROWS, t.qualityCriteria.length) },
      (_, i) => {
        const c = t.qualityCriteria[i];
        return c ? { name: c.name, weight: pct(c.weightBp) } : { name: "", weight: "" };
      },
    ),
    submissionDeadline: t.submissionDeadlineInput,
    deadlineReason: t.deadlineReason ?? "",
  } as TenderSettingsForm;
}

// ─── Participants, lots, bands ───────────────────────────────────────────────────────────────

export const participantsSchema = z.object({
  intent: z.literal("participants"),
  bodyIds: checkedValues(z.array(uuid).min(1, "Mindestens eine Körperschaft muss teilnehmen.")),
});

export const bandsSchema = z.object({
  intent: z.literal("bands"),
  lotId: uuid,
  items: z
    .array(z.object({ itemId: uuid, bands: z.string().max(500, "Zu viele Staffeln.") }))
    .min(1)
    .max(2000),
});

export const renameLotSchema = z.object({
  intent: z.literal("rename"),
  lotId: uuid,
  title: z
    .string()
    .trim()
    .min(1, "Bitte geben Sie einen Titel an.")
    .max(200, "Der Titel ist zu lang."),
});

export const moveItemSchema = z.object({
  intent: z.literal("move"),
  itemId: uuid,
  target: z.union([uuid, z.literal("new")], { error: "Bitte wählen Sie das Ziel-Los." }),
});

export const mergeLotsSchema = z.object({
  intent: z.literal("merge"),
  lotId: uuid,
  otherLotId: uuid,
});

export const splitLotSchema = z.object({
  intent: z.literal("split"),
  lotId: uuid,
  itemIds: checkedValues(z.array(uuid).min(1, "Bitte wählen Sie die Artikel für das neue Los.")),
  title: z
    .string()
    .trim()
    .min(1, "Bitte geben Sie dem neuen Los einen Titel.")
    .max(200, "Der Titel ist zu lang."),
});

export const removeItemSchema = z.object({ intent: z.literal("remove"), itemId: uuid });

// ─── Shared costs ────────────────────────────────────────────────────────────────────────────

export const sharedCostSchema = z
  .object({
    intent: z.enum(["add-cost", "update-cost"]),
    costId: z.string().default(""),
    lotId: z.union([uuid, z.literal("all")], { error: "Bitte wählen Sie das Los." }),
    kind: z.enum(sharedCostKinds, {
      error: "Bitte wählen Sie die Art.",
    }),
    label: z
      .string()
      .trim()
      .min(1, "Bitte benennen Sie die Umlage.")
      .max(200, "Die Bezeichnung ist zu lang."),
    amount: z.string().default(""),
    percent: z.string().default(""),
    vatRate: percent("Umsatzsteuersatz"),
    key: z.enum(sharedCostKeys, {
      error: "Bitte wählen Sie den Schlüssel.",
    }),
    payers: z.enum(sharedCostPayers, { error: "Bitte wählen Sie, wer zahlt." }),
  })
  .transform((v, ctx) => {
    let amountCents: number | null = null;
    let percentBp: number | null = null;
    try {
      if (v.kind === "admin-percent") {
        percentBp = parseVatRate(v.percent, "Prozentsatz");
        if (percentBp === 0)
          throw new DomainError("Prozentsatz: Bitte einen Wert über 0 % angeben.");
      } else {
        amountCents = parseEuroCents(v.amount, "Betrag (netto)");
        if (amountCents === 0)
          throw new DomainError("Betrag (netto): Bitte einen Betrag über 0 € angeben.");
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      ctx.addIssue({
        code: "custom",
        path: [v.kind === "admin-percent" ? "percent" : "amount"],
        message: error.message,
      });
      return z.NEVER;
    }
    return {
      intent: v.intent,
      costId: v.costId,
      lotId: v.lotId,
      input: {
        kind: v.kind,
        label: v.label,
        amountCents,
        percentBp,
        vatRateBp: v.vatRate,
        key: v.key,
        payers: v.payers,
      },
    };
  });

export type SharedCostForm = z.input<typeof sharedCostSchema>;

export const deleteCostSchema = z.object({ intent: z.literal("delete-cost"), costId: uuid });

/** The split key of a published tender's shared cost (it may change until the lot's award). */
export const sharedCostKeySchema = z.object({
  intent: z.literal("set-key"),
  costId: z.uuid(),
  key: z.enum(sharedCostKeys),
});

// ─── Procedure ───────────────────────────────────────────────────────────────────────────────

export const procedureSchema = z.object({
  intent: z.literal("procedure"),
  procedure: z.enum(procedureChoices, { error: "Bitte wählen Sie ein Verfahren." }),
  ground: z.string().trim().max(40, "Unbekannter Ausnahmegrund.").default(""),
  justification: z.string().trim().max(4000, "Die Begründung ist zu lang.").default(""),
  reason: z.string().trim().max(4000, "Die Begründung ist zu lang.").default(""),
});
export type ProcedureForm = z.input<typeof procedureSchema>;

// ─── Lifecycle (decision 023) ───────────────────────────────────────────────────────────────

const lotOrAll = z.union([uuid, z.literal("all")], { error: "Bitte wählen Sie ein Los." });

/** A plain step of one lot (or of every lot it fits) on the tender page. */
export const lotStepSchema = z.object({
  intent: z.literal("lot-step"),
  lotId: lotOrAll,
  step: z.enum(["close-offers", "start-evaluation", "complete"], {
    error: "Unbekannter Schritt.",
  }),
});

/** The Aufhebung (§ 63 VgV / § 48 UVgO): a ground from the law's list and a justification. */
export const cancelLotSchema = z.object({
  intent: z.literal("cancel"),
  lotId: lotOrAll,
  ground: z.enum(
    CANCELLATION_GROUNDS.map((g) => g.id) as [CancellationGroundId, ...CancellationGroundId[]],
    { error: "Bitte wählen Sie einen Aufhebungsgrund." },
  ),
  justification: z
    .string()
    .trim()
    .min(
      MIN_REASON_LENGTH,
      `Bitte begründen Sie die Aufhebung (mindestens ${MIN_REASON_LENGTH} Zeichen); die Begründung kommt in den Vergabevermerk.`,
    )
    .max(2000, "Die Begründung ist zu lang (höchstens 2.000 Zeichen)."),
});
export type CancelLotForm = z.input<typeof cancelLotSchema>;

/** What the tender pages' irreversible steps do, for their confirmation (decision 028). */
export const TENDER_CONFIRMATIONS = {
  publish:
    "Nach der Veröffentlichung können Leistungsverzeichnis und Lose nicht mehr geändert werden.",
  deleteCost: "Die Umlage wird gelöscht und kann nicht wiederhergestellt werden.",
  cancel:
    "Die Aufhebung beendet das Vergabeverfahren für das gewählte Los (§ 63 VgV); sie kann nicht zurückgenommen werden und steht mit Grund und Begründung im Vergabevermerk.",
} as const;
