// How far a long download is (the lead's files of a national tender hold a million lines): the
// export writes its progress into export_runs while it streams, and the page that started it
// polls the row. The page picks the run's id (a random UUID) before the download starts; a run
// belongs to the user who started it, and only that user can read it.
import { and, eq, lt } from "drizzle-orm";

import { getDb } from "#db/client";
import { exportRuns } from "#db/schema";
import { isUuid } from "~/domain/ids";

export type ExportRunView = {
  rowsDone: number;
  rowsTotal: number;
  finished: boolean;
  failed: boolean;
};

/** Writes progress at most this often, so a million lines cost about a hundred small updates. */
const REPORT_EVERY_MS = 500;

export type ProgressReporter = {
  /** `rows` more lines are written */
  add(rows: number): Promise<void>;
  /** the file is complete (or broke off) */
  finish(failed?: boolean): Promise<void>;
};

const silent: ProgressReporter = { add: async () => {}, finish: async () => {} };

/**
 * Starts a run under the page's id. Without a usable id – no JavaScript on the page, a malformed
 * or already used id – the download goes ahead unreported.
 */
export async function startExportRun({
  runId,
  userId,
  tenderId,
  format,
  rowsTotal,
  now = new Date(),
}: {
  runId: string | null;
  userId: string;
  tenderId: string;
  format: "xlsx" | "csv";
  rowsTotal: number;
  now?: Date;
}): Promise<ProgressReporter> {
  if (!runId || !isUuid(runId)) return silent;
  const db = await getDb();
  // Runs are only for watching a download: the user's runs of yesterday go.
  await db
    .delete(exportRuns)
    .where(
      and(
        eq(exportRuns.userId, userId),
        lt(exportRuns.startedAt, new Date(now.getTime() - 24 * 3600_000)),
      ),
    );
  const inserted = await db
    .insert(exportRuns)
    .values({ id: runId, userId, tenderId, format, rowsTotal, startedAt: now })
    .onConflictDoNothing()
    .returning({ id: exportRuns.id });
  if (inserted.length === 0) return silent;
  let done = 0;
  let reportedAt = 0;
  const write = async (finished: boolean, failed = false) => {
    reportedAt = Date.now();
    await db
      .update(exportRuns)
      .set({
        rowsDone: done,
        ...(finished ? { finishedAt: new Date(), failed } : {}),
      })
      .where(eq(exportRuns.id, runId));
  };
  return {
    async add(rows) {
      done += rows;
      if (Date.now() - reportedAt >= REPORT_EVERY_MS) await write(false);
    },
    async finish(failed = false) {
      await write(true, failed);
    },
  };
}

/** The run as its own user sees it; undefined for anybody else's or an unknown id. */
export async function readExportRun({
  runId,
  userId,
  tenderId,
}: {
  runId: string;
  userId: string;
  tenderId: string;
}): Promise<ExportRunView | undefined> {
  if (!isUuid(runId) || !isUuid(userId) || !isUuid(tenderId)) return undefined;
  const db = await getDb();
  const [row] = await db
    .select({
      rowsDone: exportRuns.rowsDone,
      rowsTotal: exportRuns.rowsTotal,
      finishedAt: exportRuns.finishedAt,
      failed: exportRuns.failed,
    })
    .from(exportRuns)
    .where(
      and(
        eq(exportRuns.id, runId),
        eq(exportRuns.userId, userId),
        eq(exportRuns.tenderId, tenderId),
      ),
    );
  if (!row) return undefined;
  return {
    rowsDone: row.rowsDone,
    rowsTotal: row.rowsTotal,
    finished: row.finishedAt !== null,
    failed: row.failed,
  };
}
