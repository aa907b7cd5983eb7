// The split's downloads as use cases: each reads the lines of the split (the stored split in the
// database) and hands them to its writer (body-workbook, lead-workbook, split-csv), which never
// queries. Routes, scripts and tests call these through the door.
import { type Writable } from "node:stream";

import { listCallOffs } from "~/modules/calloffs/index.server";

import { bodyWorkbook } from "./body-workbook.server";
import { callOffCsvRows } from "./call-off-sheets.server";
import { type ProgressReporter } from "./export-run.server";
import { leadWorkbook } from "./lead-workbook.server";
import { splitCsv } from "./split-csv.server";
import {
  collectSplitLines,
  splitLineCsvRows,
  splitLineRows,
  splitShareAccounts,
} from "./split-line-source.server";
import { type ExportMeta } from "./split-workbook.server";
import { type TenderSplit } from "./split-view.server";

/**
 * One body's file. `split` must be scoped to exactly that body (splitForTender with `bodyId` or a
 * non-lead viewer); a body has a few hundred lines at most, read before the file is written.
 */
export async function writeBodyWorkbook(
  split: TenderSplit,
  meta: ExportMeta,
  stream: Writable,
): Promise<void> {
  await bodyWorkbook(
    split,
    await collectSplitLines(split),
    await splitShareAccounts(split),
    meta,
    stream,
    await visibleCallOffs(split),
  );
}

/** A framework's call-offs the split's viewer may see: its body's, or the lead's all. */
async function visibleCallOffs(split: TenderSplit) {
  if (!split.tender.framework || split.scope === "page") return [];
  const bodyId = split.scope === "all" ? undefined : split.bodies[0]?.bodyId;
  if (split.scope === "body" && !bodyId) return [];
  return listCallOffs({ tenderId: split.tender.id, bodyId });
}

/**
 * The lead's file: every body. `split` must be the lead's full view
 * (splitForTender({ tenderId, viewerBodyId: lead })); the lines stream from the database.
 */
export async function writeLeadWorkbook(
  split: TenderSplit,
  meta: ExportMeta,
  stream: Writable,
  progress?: ProgressReporter,
): Promise<{ lineSheets: string[] }> {
  const callOffs = await visibleCallOffs(split);
  return leadWorkbook(split, (lot) => splitLineRows(split, lot), meta, stream, progress, callOffs);
}

/**
 * The CSV of a split, chunk by chunk; its lines formatted and streamed by the database, then a
 * framework's call-offs (Art "Abruf").
 */
export async function* splitCsvChunks(
  split: TenderSplit,
  progress?: ProgressReporter,
): AsyncGenerator<Uint8Array> {
  const accounts = await splitShareAccounts(split);
  yield* splitCsv(split, (lot, format) => splitLineCsvRows(split, lot, format), accounts, progress);
  const callOffs = await visibleCallOffs(split);
  if (callOffs.length > 0) yield new TextEncoder().encode(callOffCsvRows(split, callOffs));
}

/** A web stream of the CSV's UTF-8 bytes, pulled chunk by chunk. */
export function splitCsvStream(
  split: TenderSplit,
  progress?: ProgressReporter,
): ReadableStream<Uint8Array> {
  const chunks = splitCsvChunks(split, progress);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) {
          controller.close();
          await progress?.finish();
        } else controller.enqueue(next.value);
      } catch (error) {
        await progress?.finish(true);
        throw error;
      }
    },
    async cancel() {
      await chunks.return(undefined);
      await progress?.finish(true);
    },
  });
}
