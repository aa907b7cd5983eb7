// What every stage of scripts/bench.ts shares: the run's arguments, database and round, and the
// report's rows with the helpers that add to them and log.
import { type Database } from "../../db/client";

import { type NationalRound, type Target } from "./data";
import { type BenchArgs, type Row } from "./lib";

export type Bench = {
  args: BenchArgs;
  target: Target;
  now: Date;
  /** Replaced after a stage that let a child process or the server own PGlite's data directory. */
  db: Database;
  round: NationalRound;
  roundId: string;
};

export const DAY = 24 * 3600 * 1000;
export const log = (msg: string) =>
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
export const rows: Row[] = [];
export const ratioRow = (row: Omit<Row, "ratio" | "met">, limit?: number): Row => {
  const ratio =
    row.productMs !== undefined && row.baselineMs ? row.productMs / row.baselineMs : undefined;
  return {
    ...row,
    ratio,
    met: limit !== undefined && ratio !== undefined ? ratio <= limit : undefined,
  };
};
export const skip = (
  stage: string,
  product: string,
  baseline: string,
  reason: string,
  target?: string,
) => rows.push({ stage, product, baseline, skipped: reason, target });
export const errorText = (e: unknown) =>
  (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 200);
