// The basics of a draft tender (reference, term, criteria, deadline) and who takes part.
import { and, eq, sql } from "drizzle-orm";

import { type Executor, pgErrorCode, queryRows, type Transaction } from "#db/client";
import { qualityCriteria, tenderParticipants, tenders } from "#db/schema";
import { parseIsoDate } from "~/domain/calendar-date";
import { DomainError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { requireInteger } from "~/domain/input-checks";
import { checkTerm } from "~/domain/lots";

import { type Actor, editDraft } from "./draft-edit.server";
import { type TenderSettings } from "./types";

export function checkSettings(input: TenderSettings, now: Date) {
  if (input.referenceNumber.trim().length === 0)
    throw new DomainError("Bitte geben Sie die Vergabenummer an.");
  if (input.title.trim().length < 3)
    throw new DomainError("Bitte geben Sie einen Titel an (mindestens 3 Zeichen).");
  checkTerm(input);
  checkExtensions(input.extensionMonths ?? []);
  if ((input.deadlineReason ?? "").length > 4000)
    throw new DomainError("Die Begründung der Frist ist zu lang (höchstens 4.000 Zeichen).");
  parseIsoDate(input.contractStart, "Vertragsbeginn");
  if (input.submissionDeadline.getTime() <= now.getTime())
    throw new DomainError("Die Angebotsfrist muss in der Zukunft liegen.");
  if (input.criteria === "price") {
    if (input.qualityCriteria.length > 0 || input.priceWeightBp !== 10_000)
      throw new DomainError("Beim Zuschlag nur nach Preis gibt es keine Qualitätskriterien.");
    return;
  }
  if (input.qualityCriteria.length === 0)
    throw new DomainError("Bitte geben Sie mindestens ein Qualitätskriterium an.");
  const names = new Set<string>();
  let sum = input.priceWeightBp;
  if (!Number.isSafeInteger(input.priceWeightBp) || input.priceWeightBp < 1)
    throw new DomainError("Der Preis muss ein Gewicht über 0 % haben.");
  for (const c of input.qualityCriteria) {
    const name = c.name.trim();
    if (name.length === 0) throw new DomainError("Jedes Qualitätskriterium braucht einen Namen.");
    if (names.has(name.toLowerCase()))
      throw new DomainError(`Das Qualitätskriterium „${name}“ ist doppelt.`);
    names.add(name.toLowerCase());
    if (!Number.isSafeInteger(c.weightBp) || c.weightBp < 1)
      throw new DomainError(`Das Qualitätskriterium „${name}“ braucht ein Gewicht über 0 %.`);
    sum += c.weightBp;
  }
  if (sum !== 10_000)
    throw new DomainError(
      `Die Gewichte von Preis und Qualitätskriterien müssen zusammen 100 % ergeben (jetzt ${(sum / 100).toLocaleString("de-DE")} %).`,
    );
}

/** Extension options: at most five, each 1 to 120 months (§ 3 Abs. 1 Satz 2 VgV counts them). */
export function checkExtensions(months: readonly number[]) {
  if (months.length > 5)
    throw new DomainError("Höchstens fünf Verlängerungsoptionen sind möglich.");
  months.forEach((m, i) =>
    requireInteger(m, `Verlängerungsoption ${i + 1} in Monaten`, { min: 1, max: 120 }),
  );
}

/** A unique violation on (lead, reference number) as the German message; anything else as is. */
export function rethrowTakenReference(error: unknown, referenceNumber: string): never {
  if (pgErrorCode(error) === "23505") throw referenceTaken(referenceNumber);
  throw error;
}

export function referenceTaken(referenceNumber: string) {
  return new DomainError(`Die Vergabenummer „${referenceNumber.trim()}“ ist bereits vergeben.`);
}

export function settingsColumns(input: TenderSettings) {
  return {
    referenceNumber: input.referenceNumber.trim(),
    title: input.title.trim(),
    description: input.description.trim(),
    pricing: input.pricing,
    framework: input.framework,
    ...(input.callOffReserveBp !== undefined
      ? { callOffReserveBp: input.framework ? input.callOffReserveBp : 0 }
      : {}),
    ...(input.goodsBilling ? { goodsBilling: input.goodsBilling } : {}),
    termMonths: input.termMonths,
    extensionMonths: input.extensionMonths ?? [],
    termReason: input.termReason.trim(),
    contractStart: input.contractStart,
    criteria: input.criteria,
    priceWeightBp: input.priceWeightBp,
    submissionDeadline: input.submissionDeadline,
    deadlineReason: (input.deadlineReason ?? "").trim(),
  };
}

export function settingsSummary(input: TenderSettings) {
  return {
    pricing: input.pricing,
    framework: input.framework,
    ...(input.framework && input.callOffReserveBp
      ? { callOffReserveBp: input.callOffReserveBp }
      : {}),
    ...(input.goodsBilling ? { goodsBilling: input.goodsBilling } : {}),
    termMonths: input.termMonths,
    extensionMonths: input.extensionMonths ?? [],
    ...(input.termReason.trim() ? { termReason: input.termReason.trim() } : {}),
    contractStart: input.contractStart,
    criteria: input.criteria,
    priceWeightBp: input.priceWeightBp,
    qualityCriteria: input.qualityCriteria.map((c) => ({
      name: c.name.trim(),
      weightBp: c.weightBp,
    })),
    submissionDeadline: input.submissionDeadline.toISOString(),
    ...(input.deadlineReason?.trim() ? { deadlineReason: input.deadlineReason.trim() } : {}),
  };
}

export async function replaceQualityCriteria(
  tx: Transaction,
  tenderId: string,
  criteria: { name: string; weightBp: number }[],
) {
  await tx.delete(qualityCriteria).where(eq(qualityCriteria.tenderId, tenderId));
  if (criteria.length > 0) {
    await tx.insert(qualityCriteria).values(
      criteria.map((c, position) => ({
        tenderId,
        name: c.name.trim(),
        weightBp: c.weightBp,
        position,
      })),
    );
  }
}

/** Changes the basics, term, criteria and deadline of a draft tender (not its rounds). */
export async function updateTenderSettings({ input, ...actor }: Actor & { input: TenderSettings }) {
  const now = actor.now ?? new Date();
  checkSettings(input, now);
  try {
    await editDraft(actor, "updated", async (tx) => {
      const [before] = await tx
        .select({
          referenceNumber: tenders.referenceNumber,
          title: tenders.title,
          pricing: tenders.pricing,
          framework: tenders.framework,
          termMonths: tenders.termMonths,
          extensionMonths: tenders.extensionMonths,
          contractStart: tenders.contractStart,
          criteria: tenders.criteria,
          priceWeightBp: tenders.priceWeightBp,
          submissionDeadline: tenders.submissionDeadline,
          deadlineReason: tenders.deadlineReason,
        })
        .from(tenders)
        .where(and(eq(tenders.id, actor.tenderId), eq(tenders.leadBodyId, actor.leadBodyId)));
      await tx
        .update(tenders)
        .set(settingsColumns(input))
        .where(and(eq(tenders.id, actor.tenderId), eq(tenders.leadBodyId, actor.leadBodyId)));
      await replaceQualityCriteria(tx, actor.tenderId, input.qualityCriteria);
      return {
        data: {
          old: { ...before, submissionDeadline: before?.submissionDeadline.toISOString() },
          new: {
            referenceNumber: input.referenceNumber.trim(),
            title: input.title.trim(),
            ...settingsSummary(input),
          },
        },
        result: undefined,
      };
    });
  } catch (error) {
    rethrowTakenReference(error, input.referenceNumber);
  }
}

/** Who takes part: a subset of the bodies with demand in the tender's rounds, at least one. */
export async function setParticipants({ bodyIds, ...actor }: Actor & { bodyIds: string[] }) {
  const wanted = [...new Set(bodyIds)];
  if (wanted.length === 0) throw new DomainError("Mindestens eine Körperschaft muss teilnehmen.");
  if (!wanted.every(isUuid)) throw new DomainError("Unbekannte Körperschaft.");
  await editDraft(actor, "participants_set", async (tx) => {
    const candidates = await candidateBodies(tx, actor.tenderId);
    const known = new Map(candidates.map((c) => [c.id, c.name]));
    if (!wanted.every((id) => known.has(id)))
      throw new DomainError(
        "Nur Körperschaften mit Bedarf in den gebündelten Bedarfsabfragen können teilnehmen.",
      );
    const before = await tx
      .select({ bodyId: tenderParticipants.bodyId })
      .from(tenderParticipants)
      .where(eq(tenderParticipants.tenderId, actor.tenderId));
    const had = new Set(before.map((b) => b.bodyId));
    await tx.delete(tenderParticipants).where(eq(tenderParticipants.tenderId, actor.tenderId));
    await tx
      .insert(tenderParticipants)
      .values(wanted.map((bodyId) => ({ tenderId: actor.tenderId, bodyId })));
    const added = wanted.filter((id) => !had.has(id));
    const removed = [...had].filter((id) => !wanted.includes(id));
    return {
      data: {
        added: added.map((id) => ({ bodyId: id, name: known.get(id) })),
        removed: removed.map((id) => ({ bodyId: id, name: known.get(id) })),
      },
      result: { added: added.length, removed: removed.length },
    };
  });
}

async function candidateBodies(db: Executor, tenderId: string) {
  return queryRows<{ id: string; name: string }>(
    db,
    sql`select b.id, b.name from bodies b
        where b.id in (select d.body_id from demand_lines d
                       join tender_rounds tr on tr.round_id = d.round_id and tr.tender_id = ${tenderId}::uuid)`,
  );
}
