// The visible lines of a split for its files, read from the stored split: as objects in bounded
// chunks (splitLineChunks, collectSplitLines) or as CSV rows formatted by the database.

import { parseIsoDate } from "~/domain/calendar-date";
import { budgetYearTable } from "~/domain/cost-split-groups";
import { type ItemCategory } from "~/domain/vocabulary";

import { lotCsvRows, lotSplitLines } from "./split-lines.server";
import { licenceSpread } from "./split-store.server";
import {
  type SplitLine,
  type SplitLot,
  type SplitTender,
  type TenderSplit,
} from "./split-view.server";

/**
 * The visible bodies' lines of a lot, chunk by chunk, with what the exports show: item, unit
 * price, cents, accounts and – per line – its budget years. Bounded memory for a national lot.
 */
export async function* splitLineChunks(
  split: TenderSplit,
  lot: SplitLot,
  { batch }: { batch?: number } = {},
): AsyncGenerator<SplitLine[]> {
  const items = new Map(lot.items.map((i) => [i.itemId, i]));
  const years = lineYears(lot.category, split.tender);
  const only = visibleBody(split);
  if (only === null) return;
  for await (const chunk of lotSplitLines({ lotId: lot.id, bodyId: only, batch })) {
    yield chunk.map((line) => {
      const item = items.get(line.itemId)!;
      const gross = line.netCents + line.vatCents;
      return {
        ref: line.ref,
        bodyId: line.bodyId,
        itemId: line.itemId,
        itemName: item.name,
        cpvCode: item.cpvCode,
        unit: item.unit,
        quantity: line.quantity,
        unitPrice: item.unitPrice,
        netCents: line.netCents,
        vatRateBp: item.vatRateBp,
        vatCents: line.vatCents,
        grossCents: gross,
        costCentre: line.costCentre,
        product: line.product,
        ledgerAccount: line.ledgerAccount,
        deliveryAddress: line.deliveryAddress,
        budgetYears: years(gross),
      };
    });
  }
}
/** How many lines the split's files hold (the visible bodies' lines of every lot). */
export function countSplitLines(split: TenderSplit): number {
  let n = 0;
  for (const lot of split.lots) for (const lines of lot.lineCounts.values()) n += lines;
  return n;
}

/** undefined: every body (the lead's full view); null: nobody (an empty body scope). */
function visibleBody(split: TenderSplit): string | undefined | null {
  if (split.scope === "all") return undefined;
  if (split.scope === "page") throw new Error("a page of the lead's view has no files");
  return split.bodies[0]?.bodyId ?? null;
}

/**
 * The visible lines of a lot as CSV rows (CRLF after each), formatted and streamed by the
 * database; the caller formats the per-item fields (`lotCsvRows`).
 */
export async function* splitLineCsvRows(
  split: TenderSplit,
  lot: SplitLot,
  format: Omit<Parameters<typeof lotCsvRows>[1], "bodyId">,
): AsyncGenerator<{ text: string; rows: number }> {
  const only = visibleBody(split);
  if (only === null) return;
  yield* lotCsvRows(lot.id, { ...format, bodyId: only });
}

/** A line's budget years; licences through the table of budgetYearTable (a million lines). */
function lineYears(
  category: ItemCategory,
  tender: Pick<SplitTender, "contractStart" | "termMonths">,
): (grossCents: number) => { year: number; cents: number }[] {
  if (category !== "license") {
    const year = parseIsoDate(tender.contractStart, "Vertragsbeginn").year;
    return (cents) => [{ year, cents }];
  }
  const spread = licenceSpread(tender);
  const table = budgetYearTable(spread, tender.termMonths);
  const m = tender.termMonths;
  return (cents) => {
    const whole = Math.floor(cents / m);
    const rest = table.rest[cents % m]!;
    return table.years.map((year, j) => ({ year, cents: whole * table.months[j]! + rest[j]! }));
  };
}

/** Every visible line of the split, lot by lot: for one body's file (a few hundred lines). */
export async function collectSplitLines(split: TenderSplit): Promise<Map<string, SplitLine[]>> {
  const result = new Map<string, SplitLine[]>();
  for (const lot of split.lots) {
    const lines: SplitLine[] = [];
    for await (const chunk of splitLineChunks(split, lot)) lines.push(...chunk);
    result.set(lot.id, lines);
  }
  return result;
}
