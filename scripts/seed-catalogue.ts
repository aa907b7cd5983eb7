// CPV 2008 codes from db/reference/cpv-2008.csv, then the demo catalogue. Idempotent: a second
// run writes no row (unchanged CPV rows are skipped, existing items are left as they are).
import { createReadStream } from "node:fs";
import path from "node:path";

import { parse } from "csv-parse";

import { getDb } from "../db/client";
import { insertMissingCatalogueItems } from "../app/modules/catalogue/index.server";
import {
  CPV_CODE_PATTERN,
  type CpvReferenceRow,
  upsertCpvCodes,
} from "../app/modules/catalogue/index.server";
import { demoCatalogueItems } from "../tests/factories/catalogue";

const cpvFile = path.resolve(process.cwd(), "db/reference/cpv-2008.csv");

export async function readCpvCodes(file = cpvFile): Promise<CpvReferenceRow[]> {
  const parser = createReadStream(file).pipe(parse({ columns: true, skip_empty_lines: true }));
  const rows: CpvReferenceRow[] = [];
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    if (!CPV_CODE_PATTERN.test(record.code ?? "") || !record.label_de) {
      throw new Error(`cpv-2008.csv: ungültige Zeile ${JSON.stringify(record)}`);
    }
    rows.push({ code: record.code!, labelDe: record.label_de, labelEn: record.label_en ?? "" });
  }
  return rows;
}

export async function seedCatalogue() {
  const db = await getDb();
  const cpv = await readCpvCodes();
  const itemsCreated = await db.transaction(async (tx) => {
    // CPV first: every catalogue item references a code.
    await upsertCpvCodes(tx, cpv);
    return insertMissingCatalogueItems(tx, demoCatalogueItems());
  });
  return { cpvCodes: cpv.length, itemsCreated };
}
