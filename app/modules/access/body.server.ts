import { and, asc, count, eq, ilike, or, sql } from "drizzle-orm";

import { type Executor, getDb } from "#db/client";
import { bodies } from "#db/schema";
import { DomainError } from "~/domain/errors";
import { ibanProblem, normaliseIban } from "~/domain/iban";
import { isUuid } from "~/domain/ids";
import { parseLeitwegId } from "~/domain/leitweg-id";
import { changeAndRecord, recordAuditEvent } from "~/modules/audit/index.server";
import { type ReferenceBody } from "~/domain/municipalities";

const bodyColumns = {
  id: bodies.id,
  ags: bodies.ags,
  name: bodies.name,
  kind: bodies.kind,
  land: bodies.land,
  kreis: bodies.kreis,
  population: bodies.population,
  populationDate: bodies.populationDate,
  leitwegId: bodies.leitwegId,
  requireCostCentre: bodies.requireCostCentre,
};

export type Body = {
  id: string;
  ags: string | null;
  name: string;
  kind: "gemeinde" | "stadt" | "landkreis" | "zweckverband";
  land: string;
  kreis: string | null;
  population: number;
  populationDate: string;
  leitwegId: string | null;
  /** every demand line needs a Kostenstelle (decision 022) */
  requireCostCentre: boolean;
};

export async function getBody({ id }: { id: string }): Promise<Body | undefined> {
  const db = await getDb();
  const [row] = await db.select(bodyColumns).from(bodies).where(eq(bodies.id, id));
  return row;
}

export async function getBodyByAgs({ ags }: { ags: string }): Promise<Body | undefined> {
  const db = await getDb();
  const [row] = await db.select(bodyColumns).from(bodies).where(eq(bodies.ags, ags));
  return row;
}

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The body search's `?q=`, trimmed and at most 100 characters (see BodySearchForm). */
export function bodySearchQuery(url: URL): string {
  return (url.searchParams.get("q") ?? "").trim().slice(0, 100);
}

/** Page through all bodies; `query` matches the start of an AGS or any part of the name. */
export async function searchBodies({
  query,
  page,
  pageSize,
}: {
  query: string;
  page: number;
  pageSize: number;
}): Promise<{ rows: Body[]; total: number }> {
  const db = await getDb();
  const q = query.trim();
  const where =
    q === ""
      ? undefined
      : /^\d+$/.test(q)
        ? ilike(bodies.ags, `${escapeLike(q)}%`)
        : or(ilike(bodies.name, `%${escapeLike(q)}%`), ilike(bodies.kreis, `%${escapeLike(q)}%`));
  const [rows, [totalRow]] = await Promise.all([
    db
      .select(bodyColumns)
      .from(bodies)
      .where(where)
      .orderBy(asc(sql`lower(${bodies.name})`), asc(bodies.ags))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(bodies).where(where),
  ]);
  return { rows, total: totalRow?.total ?? 0 };
}

/**
 * Inserts or refreshes reference bodies keyed by AGS, one statement per batch. Rows whose
 * reference data did not change are left untouched, so a second run writes nothing.
 */
export async function upsertReferenceBodies(
  executor: Executor,
  rows: readonly ReferenceBody[],
  batchSize = 1000,
): Promise<void> {
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    await executor
      .insert(bodies)
      .values(batch)
      .onConflictDoUpdate({
        target: bodies.ags,
        set: {
          name: sql`excluded.name`,
          kind: sql`excluded.kind`,
          land: sql`excluded.land`,
          kreis: sql`excluded.kreis`,
          population: sql`excluded.population`,
          populationDate: sql`excluded.population_date`,
        },
        setWhere: sql`(${bodies.name}, ${bodies.kind}, ${bodies.land}, ${bodies.kreis}, ${bodies.population}, ${bodies.populationDate})
          is distinct from (excluded.name, excluded.kind, excluded.land, excluded.kreis, excluded.population, excluded.population_date)`,
      });
  }
}

/**
 * Whether a body's demand lines must name a Kostenstelle (decision 022): set by the
 * administration, logged. Returns false when nothing changed.
 */
export async function setCostCentreRequired({
  bodyId,
  required,
  actorUserId,
  actorBodyId,
}: {
  bodyId: string;
  required: boolean;
  actorUserId: string;
  actorBodyId: string;
}): Promise<boolean> {
  return changeAndRecord(
    (tx) =>
      tx
        .update(bodies)
        .set({ requireCostCentre: required })
        .where(and(eq(bodies.id, bodyId), eq(bodies.requireCostCentre, !required)))
        .returning({ id: bodies.id }),
    {
      actorUserId,
      bodyId: actorBodyId,
      action: "body.cost_centre_required",
      subjectType: "body",
      subjectId: bodyId,
      data: { required },
    },
  );
}

// ─── Billing data (XRechnung, docs/decisions/016-xrechnung.md) ───────────────────────────────

/** A body's Leitweg-ID and billing data; every field but the Leitweg-ID may stay empty. */
export type BodyBillingData = {
  leitwegId: string;
  street?: string | null;
  postcode?: string | null;
  city?: string | null;
  iban?: string | null;
  bic?: string | null;
  vatId?: string | null;
  taxNumber?: string | null;
  invoiceContactName?: string | null;
  invoiceContactPhone?: string | null;
  invoiceEmail?: string | null;
};

/** IBAN checked with app/domain/iban.ts, stored without spaces. */
function parseIban(text: string): string {
  const problem = ibanProblem(text);
  if (problem) throw new DomainError(problem);
  return normaliseIban(text);
}

const optional = (value: string | null | undefined) => value?.trim() || null;

/**
 * Writes a body's Leitweg-ID (checked with parseLeitwegId: format and check digits) and its
 * billing data. Idempotent: the same data twice leaves the row as it was.
 */
export async function setBodyBillingData(
  executor: Executor,
  { bodyId, data }: { bodyId: string; data: BodyBillingData },
): Promise<void> {
  const postcode = optional(data.postcode);
  if (postcode !== null && !/^\d{5}$/.test(postcode)) {
    throw new DomainError(`„${postcode}“ ist keine Postleitzahl (5 Ziffern).`);
  }
  const iban = optional(data.iban);
  await executor
    .update(bodies)
    .set({
      leitwegId: parseLeitwegId(data.leitwegId),
      street: optional(data.street),
      postcode,
      city: optional(data.city),
      iban: iban === null ? null : parseIban(iban),
      bic: optional(data.bic)?.toUpperCase() ?? null,
      vatId: optional(data.vatId)?.replace(/\s+/g, "").toUpperCase() ?? null,
      taxNumber: optional(data.taxNumber),
      invoiceContactName: optional(data.invoiceContactName),
      invoiceContactPhone: optional(data.invoiceContactPhone),
      invoiceEmail: optional(data.invoiceEmail),
    })
    .where(eq(bodies.id, bodyId));
}

export type BodyBilling = BodyBillingData & { id: string; name: string; ags: string | null };

/** The billing data of some bodies, by id (the invoicing module's seller and buyers). */
export async function listBodyBilling(bodyIds: readonly string[]): Promise<BodyBilling[]> {
  return listBodyBillingWith(await getDb(), bodyIds);
}

async function listBodyBillingWith(
  db: Executor,
  bodyIds: readonly string[],
): Promise<BodyBilling[]> {
  if (bodyIds.length === 0) return [];
  const rows = await db
    .select({
      id: bodies.id,
      name: bodies.name,
      ags: bodies.ags,
      leitwegId: bodies.leitwegId,
      street: bodies.street,
      postcode: bodies.postcode,
      city: bodies.city,
      iban: bodies.iban,
      bic: bodies.bic,
      vatId: bodies.vatId,
      taxNumber: bodies.taxNumber,
      invoiceContactName: bodies.invoiceContactName,
      invoiceContactPhone: bodies.invoiceContactPhone,
      invoiceEmail: bodies.invoiceEmail,
    })
    .from(bodies)
    // one array parameter, not one parameter per body
    .where(sql`${bodies.id} = any(${`{${bodyIds.join(",")}}`}::uuid[])`);
  return rows.map((r) => ({ ...r, leitwegId: r.leitwegId ?? "" }));
}

/** One body's name and billing data for its edit form; undefined for an unknown id. */
export async function getBodyBillingData({
  bodyId,
}: {
  bodyId: string;
}): Promise<BodyBilling | undefined> {
  if (!isUuid(bodyId)) return undefined;
  const [row] = await listBodyBilling([bodyId]);
  return row;
}

/**
 * Saves a body's billing data as the admin or the body's own Kämmerei entered it (checked by
 * billingDataSchema before), with an audit event naming the fields that changed, in one
 * transaction. The caller decides who may edit which body.
 */
export async function saveBodyBillingData({
  actorUserId,
  bodyId,
  data,
}: {
  actorUserId: string;
  bodyId: string;
  data: BodyBillingData;
}): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ id: bodies.id })
      .from(bodies)
      .where(eq(bodies.id, bodyId))
      .for("update");
    if (!before) return false;
    const old = (await listBodyBillingWith(tx, [bodyId]))[0]!;
    await setBodyBillingData(tx, { bodyId, data });
    const now = (await listBodyBillingWith(tx, [bodyId]))[0]!;
    const changed = (Object.keys(now) as (keyof BodyBilling)[]).filter(
      (key) => (old[key] ?? "") !== (now[key] ?? ""),
    );
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId,
      action: "body.billing_data_changed",
      subjectType: "body",
      subjectId: bodyId,
      data: { changed },
    });
    return true;
  });
}

/** The body's minimum submission period for national procedures, in days (default 10). */
export async function getNationalDeadlineMinimum({
  bodyId,
}: {
  bodyId: string;
}): Promise<{ name: string; days: number } | undefined> {
  const db = await getDb();
  const [row] = await db
    .select({ name: bodies.name, days: bodies.nationalDeadlineMinDays })
    .from(bodies)
    .where(eq(bodies.id, bodyId));
  return row;
}

/**
 * Sets the body's minimum submission period for Öffentliche and Beschränkte Ausschreibung
 * (UVgO § 13: "angemessen"; decision 021) with an audit event naming the old and the new value.
 * False when the body does not exist; an unchanged value writes nothing.
 */
export async function setNationalDeadlineMinimum({
  bodyId,
  days,
  actorUserId,
}: {
  bodyId: string;
  days: number;
  actorUserId: string;
}): Promise<boolean> {
  if (!Number.isInteger(days) || days < 1 || days > 60) {
    throw new DomainError("Die Mindestfrist muss zwischen 1 und 60 Tagen liegen.");
  }
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ days: bodies.nationalDeadlineMinDays })
      .from(bodies)
      .where(eq(bodies.id, bodyId))
      .for("update");
    if (!before) return false;
    if (before.days === days) return true;
    await tx.update(bodies).set({ nationalDeadlineMinDays: days }).where(eq(bodies.id, bodyId));
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId,
      action: "body.national_deadline_changed",
      subjectType: "body",
      subjectId: bodyId,
      data: { old: before.days, new: days },
    });
    return true;
  });
}
