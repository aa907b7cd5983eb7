// The visible lines of a split for its files, read from the stored split: as objects in bounded
// chunks (splitLineChunks, collectSplitLines) or as CSV rows written by the database.

import { parseIsoDate } from "~/domain/calendar-date";
import { budgetYearTable } from "~/domain/cost-split-groups";
import { type ItemCategory } from "~/domain/vocabulary";

import { type CsvLineFormat } from "./split-csv.server";
import {
  type LineRow,
  lotCsvRows,
  lotLineRows,
  lotShareAccounts,
  lotSplitLines,
  type ShareAccounts,
} from "./split-lines.server";
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
        budgetYears: years(gross, line.netCents),
      };
    });
  }
}
/**
 * How many line rows the split's files hold: the visible bodies' lines of every lot, a licence
 * line once per budget year of the term (one row per Haushaltsjahr, never "2027–2029").
 */
export function countSplitLines(split: TenderSplit): number {
  let n = 0;
  for (const lot of split.lots) {
    for (const lines of lot.lineCounts.values()) n += lines * Math.max(1, lot.lineYears.length);
  }
  return n;
}

/** undefined: every body (the lead's full view); null: nobody (an empty body scope). */
function visibleBody(split: TenderSplit): string | undefined | null {
  if (split.scope === "all") return undefined;
  if (split.scope === "page") throw new Error("a page of the lead's view has no files");
  return split.bodies[0]?.bodyId ?? null;
}

/**
 * The visible lines of a lot as CSV rows (CRLF after each), written by the database's COPY;
 * the caller formats the per-item fields (`lotCsvRows`).
 */
export async function* splitLineCsvRows(
  split: TenderSplit,
  lot: SplitLot,
  format: CsvLineFormat,
): AsyncGenerator<{ bytes: Uint8Array; rows: number }> {
  const only = visibleBody(split);
  if (only === null) return;
  const years =
    lot.category === "license"
      ? {
          table: budgetYearTable(licenceSpread(split.tender), split.tender.termMonths),
          termMonths: split.tender.termMonths,
        }
      : parseIsoDate(split.tender.contractStart, "Vertragsbeginn").year;
  yield* lotCsvRows(lot.id, { ...format, years, bodyId: only });
}

/**
 * Per visible body of each lot: the Kostenstelle, Produkt and Sachkonto its shared-cost rows are
 * booked on (those of its line with the largest net in the lot, see lotShareAccounts).
 */
export async function splitShareAccounts(split: TenderSplit): Promise<ShareAccounts> {
  const only = visibleBody(split);
  const result: ShareAccounts = new Map();
  if (only === null) return result;
  for (const lot of split.lots) {
    if (lot.shares.length === 0) continue;
    result.set(lot.id, await lotShareAccounts(lot.id, only));
  }
  return result;
}

/**
 * A line's budget years with its gross and net per year; licences through the table of
 * budgetYearTable (a million lines): gross and net are spread alike, so the years add up to the
 * line and a body's gross per year is the stored one (split_bodies.year_cents).
 */
function lineYears(
  category: ItemCategory,
  tender: Pick<SplitTender, "contractStart" | "termMonths">,
): (grossCents: number, netCents: number) => SplitLine["budgetYears"] {
  const { years, spread } = yearSpread(category, tender);
  const gross: number[] = [];
  const net: number[] = [];
  return (cents, netCents) => {
    spread(cents, gross);
    spread(netCents, net);
    return years.map((year, j) => ({ year, cents: gross[j]!, netCents: net[j]! }));
  };
}

/**
 * A lot's budget years and how a line's cents spread over them (`spread` writes year j's cents
 * into `out[j]`): the one year of the contract start, or a licence's years by month.
 */
export function yearSpread(
  category: ItemCategory,
  tender: Pick<SplitTender, "contractStart" | "termMonths">,
): { years: readonly number[]; spread: (cents: number, out: number[]) => void } {
  if (category !== "license") {
    const year = parseIsoDate(tender.contractStart, "Vertragsbeginn").year;
    return { years: [year], spread: (cents, out) => void (out[0] = cents) };
  }
  const table = budgetYearTable(licenceSpread(tender), tender.termMonths);
  const m = tender.termMonths;
  return {
    years: table.years,
    spread: (cents, out) => {
      const whole = Math.floor(cents / m);
      const rest = table.rest[cents % m]!;
      for (let j = 0; j < table.months.length; j++) out[j] = whole * table.months[j]! + rest[j]!;
    },
  };
}

/**
 * The visible bodies' lines of a lot for the lead's file, batch by batch as the database gives
 * them (LineRow: no object per line on the way); `yearSpread` gives their budget years.
 */
export async function* splitLineRows(
  split: TenderSplit,
  lot: SplitLot,
): AsyncGenerator<readonly LineRow[]> {
  const only = visibleBody(split);
  if (only === null) return;
  yield* lotLineRows({ lotId: lot.id, bodyId: only });
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
