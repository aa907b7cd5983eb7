// Reads the reference files committed under db/reference/.
import { createReadStream } from "node:fs";
import path from "node:path";

import { parse } from "csv-parse";

import { type Municipality } from "~/domain/municipalities";

const referenceDir = path.resolve(process.cwd(), "db/reference");

export async function readMunicipalities(): Promise<Municipality[]> {
  const parser = createReadStream(path.join(referenceDir, "gemeinden.csv")).pipe(
    parse({ columns: true, skip_empty_lines: true }),
  );
  const rows: Municipality[] = [];
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    const population = Number(record.einwohner);
    if (!/^\d{8}$/.test(record.ags ?? "") || !Number.isSafeInteger(population)) {
      throw new Error(`gemeinden.csv: ungültige Zeile ${JSON.stringify(record)}`);
    }
    rows.push({
      ags: record.ags!,
      name: record.name!,
      land: record.land!,
      kreis: record.kreis!,
      population,
      populationDate: record.stand!,
    });
  }
  return rows;
}
