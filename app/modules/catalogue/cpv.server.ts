import { asc, count, eq, sql } from "drizzle-orm";

import { type Executor, getDb } from "#db/client";
import { cpvCodes } from "#db/schema";

/** A code of the Common Procurement Vocabulary (CPV 2008), e.g. 30197630-1 „Druckpapier“. */
export type Cpv = { code: string; labelDe: string };

export type CpvReferenceRow = { code: string; labelDe: string; labelEn: string };

export const CPV_CODE_PATTERN = /^\d{8}-\d$/;

function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// How general a code is: its digits before the trailing zeros. 30000000 (2) is a division,
// 30190000 (4) a class, 30197630 (8) a single product.
const significantDigits = sql<number>`length(rtrim(substr(${cpvCodes.code}, 1, 8), '0'))`;

/**
 * Type-ahead over the CPV list. Digits (with or without the hyphen) match the start of the code;
 * anything else matches any part of the German label, ignoring case. Exact and more general
 * codes come first, so "3019" offers 30190000-7 before its hundred children.
 */
export async function searchCpv({
  query,
  limit,
}: {
  query: string;
  limit: number;
}): Promise<Cpv[]> {
  const q = query.trim().slice(0, 100);
  if (q === "") return [];
  const db = await getDb();
  const columns = { code: cpvCodes.code, labelDe: cpvCodes.labelDe };
  const digits = q.replace(/[\s-]/g, "");
  if (/^\d+$/.test(digits)) {
    // The ninth digit is the check digit after the hyphen: "301976301" is "30197630-1".
    const prefix = digits.length > 8 ? `${digits.slice(0, 8)}-${digits.slice(8, 9)}` : digits;
    return db
      .select(columns)
      .from(cpvCodes)
      .where(sql`${cpvCodes.code} like ${`${escapeLike(prefix)}%`}`)
      .orderBy(asc(significantDigits), asc(cpvCodes.code))
      .limit(limit);
  }
  const needle = q.toLowerCase();
  return db
    .select(columns)
    .from(cpvCodes)
    .where(sql`lower(${cpvCodes.labelDe}) like ${`%${escapeLike(needle)}%`}`)
    .orderBy(
      // A label that is the word itself, then one that starts with it, then the rest.
      asc(sql`case when lower(${cpvCodes.labelDe}) = ${needle} then 0
        when lower(${cpvCodes.labelDe}) like ${`${escapeLike(needle)}%`} then 1 else 2 end`),
      asc(significantDigits),
      asc(cpvCodes.code),
    )
    .limit(limit);
}

export async function getCpv({ code }: { code: string }): Promise<Cpv | undefined> {
  if (!CPV_CODE_PATTERN.test(code)) return undefined;
  const db = await getDb();
  const [row] = await db
    .select({ code: cpvCodes.code, labelDe: cpvCodes.labelDe })
    .from(cpvCodes)
    .where(eq(cpvCodes.code, code));
  return row;
}

export async function countCpvCodes(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ total: count() }).from(cpvCodes);
  return row?.total ?? 0;
}

/**
 * Loads the reference list, one multi-row statement per batch. Unchanged rows are not written,
 * so a second run changes nothing; a corrected label in a newer file is taken over.
 */
export async function upsertCpvCodes(
  executor: Executor,
  rows: readonly CpvReferenceRow[],
  batchSize = 1000,
): Promise<void> {
  for (let start = 0; start < rows.length; start += batchSize) {
    await executor
      .insert(cpvCodes)
      .values(rows.slice(start, start + batchSize))
      .onConflictDoUpdate({
        target: cpvCodes.code,
        set: { labelDe: sql`excluded.label_de`, labelEn: sql`excluded.label_en` },
        setWhere: sql`(${cpvCodes.labelDe}, ${cpvCodes.labelEn}) is distinct from (excluded.label_de, excluded.label_en)`,
      });
  }
}
