// Filling a downloaded price sheet the way a bidder's Excel would: values typed into the open
// cells, everything else left as it was. Used by the integration tests, the browser test and the
// seed's awarded demo tender.
import type ExcelJS from "exceljs";

import {
  BIDDER_ADDRESS_CELL,
  BIDDER_NAME_CELL,
  COVER_SHEET,
  FIRST_PRICE_ROW,
  lotColumn,
} from "~/modules/publication/index.server";

import { readWorkbook, writeWorkbook } from "./xlsx";

/** A price as a bidder types it: a number of euros (3.95), German text ("3,95") or nothing. */
export type TypedPrice = number | string | null;

/**
 * Prices per lot number, then per item (in the lot's order), then per band. A lot left out is
 * left empty (no bid for it).
 */
export type SheetPrices = Record<number, TypedPrice[][]>;

/** The row of item `position` (1-based, as in column "Pos.") and band `bandIndex` of a lot sheet. */
export function priceRow(sheet: ExcelJS.Worksheet, position: number, bandIndex: number): number {
  let band = -1;
  for (let r = FIRST_PRICE_ROW; r <= sheet.rowCount; r++) {
    const at = sheet.getRow(r).getCell(lotColumn("position")).value;
    if (at === null || at === undefined) break;
    if (at === position) {
      band++;
      if (band === bandIndex) return r;
    }
  }
  throw new Error(`no row for item ${position}, band ${bandIndex}`);
}

export function lotSheet(workbook: ExcelJS.Workbook, lotNumber: number): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(`Los ${lotNumber}`);
  if (!sheet) throw new Error(`no sheet for lot ${lotNumber}`);
  return sheet;
}

export function priceCell(
  workbook: ExcelJS.Workbook,
  lotNumber: number,
  position: number,
  bandIndex: number,
) {
  const sheet = lotSheet(workbook, lotNumber);
  return sheet.getRow(priceRow(sheet, position, bandIndex)).getCell(lotColumn("price"));
}

/** Opens `bytes`, types the bidder and the prices, lets `edit` do more, and saves. */
export async function fillPriceSheet(
  bytes: Uint8Array,
  {
    bidderName,
    bidderAddress = "",
    prices,
    edit,
  }: {
    bidderName: string | null;
    bidderAddress?: string;
    prices: SheetPrices;
    edit?: (workbook: ExcelJS.Workbook) => void;
  },
): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = await readWorkbook(bytes);
  const cover = workbook.getWorksheet(COVER_SHEET)!;
  cover.getCell(BIDDER_NAME_CELL.row, BIDDER_NAME_CELL.column).value = bidderName;
  cover.getCell(BIDDER_ADDRESS_CELL.row, BIDDER_ADDRESS_CELL.column).value = bidderAddress || null;
  for (const [lotNumber, items] of Object.entries(prices)) {
    items.forEach((bands, i) => {
      bands.forEach((price, bandIndex) => {
        priceCell(workbook, Number(lotNumber), i + 1, bandIndex).value = price;
      });
    });
  }
  edit?.(workbook);
  return writeWorkbook(workbook);
}
