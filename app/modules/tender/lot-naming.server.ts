// A lot's name in words from its items' CPV codes (issue 18): one query for the labels of every
// code that could name a lot, then the pure naming of app/domain/lot-name.ts.
import { inArray, sql } from "drizzle-orm";

import { type Executor, getDb } from "#db/client";
import { cpvCodes } from "#db/schema";
import { cpvAncestorCodes, lotCpvName, lotLabel, type LotCpv } from "~/domain/lot-name";

type NameableLot = { number: number; title: string; items: readonly { cpvCode: string }[] };

/**
 * The lots with their CPV naming (`cpv`) and the label every page and export shows (`label`,
 * "Los 1 – Papier und Druckerpapier (CPV 30197600)").
 */
export async function nameLots<T extends NameableLot>(
  lots: readonly T[],
  executor?: Executor,
): Promise<(T & { cpv: LotCpv | null; label: string })[]> {
  const wanted = cpvAncestorCodes(lots.flatMap((l) => l.items.map((i) => i.cpvCode)));
  const labels = new Map<string, string>();
  if (wanted.length > 0) {
    const db = executor ?? (await getDb());
    const rows = await db
      .select({ code: cpvCodes.code, labelDe: cpvCodes.labelDe })
      .from(cpvCodes)
      .where(inArray(sql`substr(${cpvCodes.code}, 1, 8)`, wanted));
    for (const r of rows) labels.set(r.code.slice(0, 8), r.labelDe);
  }
  return lots.map((lot) => {
    const cpv =
      lotCpvName(
        lot.items.map((i) => i.cpvCode),
        (code) => labels.get(code),
      ) ?? null;
    return { ...lot, cpv, label: lotLabel({ ...lot, cpv }) };
  });
}
