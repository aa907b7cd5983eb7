import { and, asc, count, eq, type SQL, sql } from "drizzle-orm";

import { type Executor, getDb, pgErrorCode, queryRows, type Transaction } from "#db/client";
import { auditEvents, catalogueItems, cpvCodes } from "#db/schema";

import { isUuid } from "~/domain/ids";
import { roundPhase } from "~/domain/round-phase";
import { type RoundPhase, type RoundStatus } from "~/domain/vocabulary";
import { type ItemCategory } from "~/domain/vocabulary";
import { notFound } from "~/kit/http/responses.server";

import { changeAndRecord, recordAuditEvent } from "~/modules/audit/index.server";

/** Katalogartikel: what bodies can order in a round, with its reference price. */
export type CatalogueItem = {
  id: string;
  name: string;
  description: string;
  unit: string;
  cpvCode: string;
  cpvLabel: string;
  category: ItemCategory;
  vatRateBp: number;
  /** Reference net unit price in 1/10,000 EUR. */
  referencePrice: number;
  attributes: string;
  active: boolean;
};

/** What a form or the seed supplies; the id, status and CPV label are the model's business. */
export type CatalogueItemInput = {
  name: string;
  description: string;
  unit: string;
  cpvCode: string;
  category: ItemCategory;
  vatRateBp: number;
  referencePrice: number;
  attributes: string;
};

export type CatalogueWriteResult =
  { ok: true; id: string } | { ok: false; fieldErrors: Record<string, string> };

const itemColumns = {
  id: catalogueItems.id,
  name: catalogueItems.name,
  description: catalogueItems.description,
  unit: catalogueItems.unit,
  cpvCode: catalogueItems.cpvCode,
  cpvLabel: cpvCodes.labelDe,
  category: catalogueItems.category,
  vatRateBp: catalogueItems.vatRateBp,
  referencePrice: catalogueItems.referencePrice,
  attributes: catalogueItems.attributes,
  active: catalogueItems.active,
};

const inputKeys = [
  "name",
  "description",
  "unit",
  "cpvCode",
  "category",
  "vatRateBp",
  "referencePrice",
  "attributes",
] as const satisfies readonly (keyof CatalogueItemInput)[];

/**
 * What an item is (decision 011): once a body has entered demand for it or a tender names it,
 * these stay as they were asked for; a changed item is a new catalogue item. Description,
 * attributes, VAT rate and reference price may still be corrected: published tenders keep
 * their snapshot, drafts and open rounds follow the catalogue.
 */
const identityKeys = ["name", "unit", "category", "cpvCode"] as const;

export const ITEM_IN_USE =
  "Der Artikel wird schon in Bedarfsmeldungen oder Ausschreibungen verwendet: Bezeichnung, Einheit, Kategorie und CPV-Code bleiben so, wie sie angefragt wurden. Für eine geänderte Fassung legen Sie bitte einen neuen Artikel an und deaktivieren diesen.";

/**
 * Whether demand lines or a tender name the item. Locks the item's round entries first: a
 * demand line's key check on them (FOR KEY SHARE) waits for this transaction, and this check
 * reads what such a line committed before.
 */
async function itemInUse(tx: Transaction, id: string): Promise<boolean> {
  await tx.execute(sql`select 1 from round_items where item_id = ${id}::uuid for update`);
  const [row] = await queryRows<{ used: boolean }>(
    tx,
    sql`select exists (select 1 from demand_lines where item_id = ${id}::uuid)
            or exists (select 1 from lot_items where item_id = ${id}::uuid) as used`,
  );
  return row?.used ?? false;
}

function inputOf(source: CatalogueItemInput): CatalogueItemInput {
  return {
    name: source.name,
    description: source.description,
    unit: source.unit,
    cpvCode: source.cpvCode,
    category: source.category,
    vatRateBp: source.vatRateBp,
    referencePrice: source.referencePrice,
    attributes: source.attributes,
  };
}

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * One page of the catalogue. `query` matches any part of the name or attributes, the start of
 * the CPV code (digits) or any part of the CPV label; `cpvGroup` is the first three digits.
 */
export async function listCatalogueItems({
  query = "",
  category,
  cpvGroup,
  activeOnly = false,
  page,
  pageSize,
}: {
  query?: string;
  category?: ItemCategory;
  cpvGroup?: string;
  activeOnly?: boolean;
  page: number;
  pageSize: number;
}): Promise<{ rows: CatalogueItem[]; total: number }> {
  const db = await getDb();
  const conditions: SQL[] = [];
  const q = query.trim().slice(0, 100);
  if (q !== "") {
    const digits = q.replace(/[\s-]/g, "");
    if (/^\d+$/.test(digits)) {
      const prefix = digits.length > 8 ? `${digits.slice(0, 8)}-${digits.slice(8, 9)}` : digits;
      conditions.push(sql`${catalogueItems.cpvCode} like ${`${escapeLike(prefix)}%`}`);
    } else {
      const pattern = `%${escapeLike(q.toLowerCase())}%`;
      conditions.push(
        sql`(lower(${catalogueItems.name}) like ${pattern} or lower(${catalogueItems.attributes}) like ${pattern} or lower(${cpvCodes.labelDe}) like ${pattern})`,
      );
    }
  }
  if (category) conditions.push(eq(catalogueItems.category, category));
  if (cpvGroup && /^\d{3}$/.test(cpvGroup)) {
    conditions.push(sql`${catalogueItems.cpvCode} like ${`${cpvGroup}%`}`);
  }
  if (activeOnly) conditions.push(eq(catalogueItems.active, true));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [rows, [totalRow]] = await Promise.all([
    db
      .select(itemColumns)
      .from(catalogueItems)
      .innerJoin(cpvCodes, eq(cpvCodes.code, catalogueItems.cpvCode))
      .where(where)
      .orderBy(asc(catalogueItems.cpvCode), asc(sql`lower(${catalogueItems.name})`))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: count() })
      .from(catalogueItems)
      .innerJoin(cpvCodes, eq(cpvCodes.code, catalogueItems.cpvCode))
      .where(where),
  ]);
  return { rows, total: totalRow?.total ?? 0 };
}

export async function getCatalogueItem({ id }: { id: string }): Promise<CatalogueItem | undefined> {
  if (!isUuid(id)) return undefined;
  const db = await getDb();
  const [row] = await db
    .select(itemColumns)
    .from(catalogueItems)
    .innerJoin(cpvCodes, eq(cpvCodes.code, catalogueItems.cpvCode))
    .where(eq(catalogueItems.id, id));
  return row;
}

export type CatalogueGroups = {
  /** CPV groups (first three digits) of active items, with the label of the group's own code. */
  cpvGroups: { group: string; label: string | null; itemCount: number }[];
  categories: { category: ItemCategory; itemCount: number }[];
};

/** The groups a round editor offers to add "all items of …" in one go. */
export async function listCatalogueGroups(): Promise<CatalogueGroups> {
  const db = await getDb();
  const [cpvGroups, categories] = await Promise.all([
    // The group's own code is XXX00000 plus a check digit, e.g. 301 → 30100000-0.
    queryRows<{ group: string; label: string | null; itemCount: number }>(
      db,
      sql`select substr(i.cpv_code, 1, 3) as "group", g.label_de as "label", count(*)::int as "itemCount"
        from ${catalogueItems} i
        left join ${cpvCodes} g on g.code like substr(i.cpv_code, 1, 3) || '00000-_'
        where i.active
        group by 1, 2
        order by 1`,
    ),
    db
      .select({ category: catalogueItems.category, itemCount: count() })
      .from(catalogueItems)
      .where(eq(catalogueItems.active, true))
      .groupBy(catalogueItems.category)
      .orderBy(asc(catalogueItems.category)),
  ]);
  return { cpvGroups, categories };
}

async function cpvExists(tx: Transaction, code: string) {
  const [row] = await tx
    .select({ code: cpvCodes.code })
    .from(cpvCodes)
    .where(eq(cpvCodes.code, code));
  return row !== undefined;
}

const unknownCpv = (code: string) => ({
  ok: false as const,
  fieldErrors: {
    cpvCode: `Unbekannter CPV-Code „${code}“. Bitte wählen Sie einen Code aus der CPV-Liste.`,
  },
});

const duplicate = (input: CatalogueItemInput) => ({
  ok: false as const,
  fieldErrors: {
    name: `Es gibt bereits einen Artikel „${input.name}“ mit der Einheit „${input.unit}“.`,
  },
});

class DuplicateAbort extends Error {}

/** Who writes which item: what createCatalogueItem and updateCatalogueItem are given. */
type CatalogueWrite = { actorUserId: string; actorBodyId: string; input: CatalogueItemInput };

/**
 * Runs a catalogue write with the input's fields (`values`); the unique index on
 * (lower(name), unit) decides about duplicates.
 */
async function runWrite(
  input: CatalogueItemInput,
  work: (tx: Transaction, values: CatalogueItemInput) => Promise<CatalogueWriteResult>,
): Promise<CatalogueWriteResult> {
  const values = inputOf(input);
  const db = await getDb();
  try {
    return await db.transaction((tx) => work(tx, values));
  } catch (error) {
    if (error instanceof DuplicateAbort || pgErrorCode(error) === "23505") return duplicate(values);
    throw error;
  }
}

export async function createCatalogueItem({
  actorUserId,
  actorBodyId,
  input,
}: CatalogueWrite): Promise<CatalogueWriteResult> {
  return runWrite(input, async (tx, values) => {
    if (!(await cpvExists(tx, values.cpvCode))) return unknownCpv(values.cpvCode);
    const [row] = await tx
      .insert(catalogueItems)
      .values(values)
      .onConflictDoNothing()
      .returning({ id: catalogueItems.id });
    if (!row) throw new DuplicateAbort();
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: actorBodyId,
      action: "catalogue_item.created",
      subjectType: "catalogue_item",
      subjectId: row.id,
      data: { new: values },
    });
    return { ok: true, id: row.id };
  });
}

/** Changes an item; the audit event names the fields that changed with old and new values. */
export async function updateCatalogueItem({
  id,
  actorUserId,
  actorBodyId,
  input,
}: CatalogueWrite & { id: string }): Promise<CatalogueWriteResult> {
  return runWrite(input, async (tx, values) => {
    const [before] = await tx
      .select({
        name: catalogueItems.name,
        description: catalogueItems.description,
        unit: catalogueItems.unit,
        cpvCode: catalogueItems.cpvCode,
        category: catalogueItems.category,
        vatRateBp: catalogueItems.vatRateBp,
        referencePrice: catalogueItems.referencePrice,
        attributes: catalogueItems.attributes,
      })
      .from(catalogueItems)
      .where(eq(catalogueItems.id, id))
      .for("update");
    if (!before) throw notFound();
    if (values.cpvCode !== before.cpvCode && !(await cpvExists(tx, values.cpvCode))) {
      return unknownCpv(values.cpvCode);
    }
    const changed = inputKeys.filter((key) => before[key] !== values[key]);
    if (changed.length === 0) return { ok: true, id };
    const identityChanged = identityKeys.filter((key) => changed.includes(key));
    if (identityChanged.length > 0 && (await itemInUse(tx, id))) {
      return {
        ok: false,
        fieldErrors: Object.fromEntries(identityChanged.map((key) => [key, ITEM_IN_USE])),
      };
    }
    await tx.update(catalogueItems).set(values).where(eq(catalogueItems.id, id));
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: actorBodyId,
      action: "catalogue_item.updated",
      subjectType: "catalogue_item",
      subjectId: id,
      data: {
        old: Object.fromEntries(changed.map((k) => [k, before[k]])),
        new: Object.fromEntries(changed.map((k) => [k, values[k]])),
      },
    });
    return { ok: true, id };
  });
}

/**
 * Withdraws an item from new rounds (or offers it again). Items are never deleted: rounds and
 * tenders keep pointing at them. Returns whether anything changed.
 */
export async function setCatalogueItemActive({
  id,
  active,
  actorUserId,
  actorBodyId,
}: {
  id: string;
  active: boolean;
  actorUserId: string;
  actorBodyId: string;
}): Promise<boolean> {
  return changeAndRecord(
    (tx) =>
      tx
        .update(catalogueItems)
        .set({ active })
        .where(and(eq(catalogueItems.id, id), eq(catalogueItems.active, !active)))
        .returning({ id: catalogueItems.id }),
    {
      actorUserId,
      bodyId: actorBodyId,
      action: active ? "catalogue_item.activated" : "catalogue_item.deactivated",
      subjectType: "catalogue_item",
      subjectId: id,
    },
  );
}

/**
 * Adds the items that are missing, keyed like the unique index by (lower(name), unit). Items
 * that exist are left alone, so an office's corrections to a demo item survive the next seed.
 * Returns how many were added; each gets a `catalogue_item.created` event.
 */
export async function insertMissingCatalogueItems(
  executor: Executor,
  items: readonly CatalogueItemInput[],
): Promise<number> {
  if (items.length === 0) return 0;
  const inserted = await executor
    .insert(catalogueItems)
    .values(items.map(inputOf))
    .onConflictDoNothing()
    .returning({ id: catalogueItems.id, name: catalogueItems.name, unit: catalogueItems.unit });
  if (inserted.length > 0) {
    await executor.insert(auditEvents).values(
      inserted.map((row) => ({
        actorUserId: null,
        bodyId: null,
        action: "catalogue_item.created",
        subjectType: "catalogue_item",
        subjectId: row.id,
        data: { source: "seed", name: row.name, unit: row.unit },
      })),
    );
  }
  return inserted.length;
}

/** A round or tender that uses an item, as the item page lists it. */
export type CatalogueItemUsage = {
  /** the viewer's body leads these rounds */
  rounds: {
    id: string;
    title: string;
    phase: RoundPhase;
    demandLines: number;
    bodies: number;
  }[];
  /** the viewer's body leads these tenders; `frozen` is the item as published */
  tenders: {
    id: string;
    title: string;
    referenceNumber: string;
    status: "draft" | "published" | "cancelled";
    publishedAt: Date | null;
    frozen: { name: string; unit: string; vatRateBp: number; referencePrice: number } | null;
  }[];
  /** rounds and tenders of other leads, counted only: their titles are their business */
  otherRounds: number;
  otherTenders: number;
  otherPublishedTenders: number;
  /** demand lines or a tender name the item: its identity fields are locked */
  inUse: boolean;
};

/** Which rounds and tenders use the item; the viewer's body's own ones by name. */
export async function listCatalogueItemUsage({
  itemId,
  viewerBodyId,
  now = new Date(),
}: {
  itemId: string;
  viewerBodyId: string;
  now?: Date;
}): Promise<CatalogueItemUsage> {
  const db = await getDb();
  const [roundRows, tenderRows] = await Promise.all([
    queryRows<{
      id: string;
      title: string;
      status: RoundStatus;
      opens_at: Date | string;
      deadline: Date | string;
      own: boolean;
      demand_lines: number;
      bodies: number;
    }>(
      db,
      sql`select r.id, r.title, r.status, r.opens_at, r.deadline,
                 r.lead_body_id = ${viewerBodyId}::uuid as own,
                 count(d.id)::int as demand_lines, count(distinct d.body_id)::int as bodies
          from round_items ri
          join rounds r on r.id = ri.round_id
          left join demand_lines d on d.round_id = ri.round_id and d.item_id = ri.item_id
          where ri.item_id = ${itemId}::uuid
          group by r.id
          order by r.deadline desc, r.id`,
    ),
    queryRows<{
      id: string;
      title: string;
      reference_number: string;
      status: "draft" | "published" | "cancelled";
      published_at: Date | string | null;
      own: boolean;
      item_name: string | null;
      item_unit: string | null;
      item_vat_rate_bp: number | null;
      item_reference_price: string | number | null;
    }>(
      db,
      sql`select t.id, t.title, t.reference_number, t.status, t.published_at,
                 t.lead_body_id = ${viewerBodyId}::uuid as own,
                 li.item_name, li.item_unit, li.item_vat_rate_bp, li.item_reference_price
          from lot_items li
          join tenders t on t.id = li.tender_id
          where li.item_id = ${itemId}::uuid
          order by t.published_at desc nulls first, t.created_at desc, t.id`,
    ),
  ]);
  const date = (value: Date | string) => new Date(value);
  const usedByDemand = roundRows.some((r) => r.demand_lines > 0);
  return {
    rounds: roundRows
      .filter((r) => r.own)
      .map((r) => ({
        id: r.id,
        title: r.title,
        phase: roundPhase(
          { status: r.status, opensAt: date(r.opens_at), deadline: date(r.deadline) },
          now,
        ),
        demandLines: r.demand_lines,
        bodies: r.bodies,
      })),
    tenders: tenderRows
      .filter((t) => t.own)
      .map((t) => ({
        id: t.id,
        title: t.title,
        referenceNumber: t.reference_number,
        status: t.status,
        publishedAt: t.published_at === null ? null : date(t.published_at),
        frozen:
          t.item_name === null
            ? null
            : {
                name: t.item_name,
                unit: t.item_unit ?? "",
                vatRateBp: t.item_vat_rate_bp ?? 0,
                referencePrice: Number(t.item_reference_price ?? 0),
              },
      })),
    otherRounds: roundRows.filter((r) => !r.own).length,
    otherTenders: tenderRows.filter((t) => !t.own).length,
    otherPublishedTenders: tenderRows.filter((t) => !t.own && t.status !== "draft").length,
    inUse: usedByDemand || tenderRows.length > 0,
  };
}
