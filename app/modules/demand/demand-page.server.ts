// The body's demand page (`/bedarf/:roundId`): one page of the round's items with the body's
// lines for them, and the totals of the lines on the other pages (issue 19, decision 032).
import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";

import { getDb } from "#db/client";
import { catalogueItems, demandLines, roundItems } from "#db/schema";
import { articleNumber, type StoredLine } from "~/domain/demand";
import { notFound } from "~/kit/http/responses.server";

import { DEMAND_PAGE_SIZE } from "./forms";
import { lineColumns } from "./demand.server";
import { findInvitedRound } from "./demand-template.server";

/** The published round the body is invited to, or the 404 page (also for a malformed id). */
async function invitedRoundOr404(input: { roundId: string; bodyId: string }) {
  const round = await findInvitedRound(input);
  if (!round) throw notFound();
  return round;
}

/**
 * One page of the demand form: the items at places (page − 1) × 25 + 1 … in the round's order
 * with their article numbers, the body's lines for them, and how many lines with demand the body
 * has on the other pages and their value at reference prices (cents, as a decimal string).
 */
export async function loadDemandPage({
  roundId,
  bodyId,
  page,
}: {
  roundId: string;
  bodyId: string;
  page: number;
}) {
  const round = await invitedRoundOr404({ roundId, bodyId });
  const db = await getDb();
  const place = sql<number>`row_number() over (order by ${roundItems.position}, ${roundItems.itemId})`;
  const items = await db
    .select({
      id: catalogueItems.id,
      name: catalogueItems.name,
      unit: catalogueItems.unit,
      cpvCode: catalogueItems.cpvCode,
      referencePrice: catalogueItems.referencePrice,
      place: place.mapWith(Number),
      itemCount: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(roundItems)
    .innerJoin(catalogueItems, eq(catalogueItems.id, roundItems.itemId))
    .where(eq(roundItems.roundId, roundId))
    .orderBy(asc(roundItems.position), asc(roundItems.itemId))
    .limit(DEMAND_PAGE_SIZE)
    .offset((page - 1) * DEMAND_PAGE_SIZE);
  if (items.length === 0 && page > 1) throw notFound();
  const itemIds = items.map((i) => i.id);
  const own = and(eq(demandLines.roundId, roundId), eq(demandLines.bodyId, bodyId));
  const [lines, [elsewhere]] = await Promise.all([
    itemIds.length === 0
      ? Promise.resolve([] as StoredLine[])
      : db
          .select(lineColumns)
          .from(demandLines)
          .where(and(own, inArray(demandLines.itemId, itemIds)))
          .orderBy(asc(demandLines.itemId), asc(demandLines.costCentre)),
    // Cents per line rounded half up, as the form computes them (quantity ≥ 0, price ≥ 0).
    db
      .select({
        lines: sql<number>`count(*) filter (where ${demandLines.quantity} > 0)`.mapWith(Number),
        cents: sql<string>`coalesce(sum((${demandLines.quantity}::bigint * ${catalogueItems.referencePrice} + 50) / 100), 0)::text`,
        any: sql<boolean>`count(*) > 0`,
      })
      .from(demandLines)
      .innerJoin(catalogueItems, eq(catalogueItems.id, demandLines.itemId))
      .where(itemIds.length === 0 ? own : and(own, notInArray(demandLines.itemId, itemIds))),
  ]);
  return {
    round,
    items: items.map(({ place: at, itemCount: _count, ...item }) => ({
      ...item,
      articleNumber: articleNumber(at),
    })),
    itemCount: items[0]?.itemCount ?? 0,
    lines,
    elsewhere: elsewhere ?? { lines: 0, cents: "0", any: false },
  };
}
