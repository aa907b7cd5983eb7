import { asc, count, eq, ilike, or, sql } from "drizzle-orm";

import { type Executor, getDb } from "#db/client";
import { bodies } from "#db/schema";
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

export async function countBodies(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ total: count() }).from(bodies);
  return row?.total ?? 0;
}
