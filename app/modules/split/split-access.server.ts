// Who may read which cost split (DESIGN.md "Who uses it"): a body's treasurer its own body's
// split; the lead body's treasurer and procurement users every body's. Anyone else gets the
// 404 page – also a procurement user of a participating body, whose office does not lead it.
// The model scopes the data; this only decides the role and the body the request asks for.
import { PassThrough, Readable, type Writable } from "node:stream";

import { roleLabels } from "~/domain/vocabulary";
import { type ExportMeta } from "./split-workbook.server";
import { notFound } from "~/kit/http/responses.server";
import { splitForTender } from "./cost-split.server";
import { countSplitLines } from "./split-line-source.server";
import { listSplitParticipants, recordSplitExport } from "./split-lists.server";
import { type ProgressReporter, startExportRun } from "./export-run.server";
import { type UserWithBody } from "~/modules/access/index.server";

import { requireRole } from "~/modules/access/index.server";

/** The lead's overview lists this many bodies a page when there are more (or it searches). */
export const SPLIT_PAGE_SIZE = 50;

/**
 * The split page: the lead's users see every body – a page of them at a time, with a search,
 * once there are more than SPLIT_PAGE_SIZE (a national tender has ten thousand) – and a
 * treasurer of a participant its own.
 */
export async function requireSplitView(
  request: Request,
  tenderId = "",
  { search = "", page = 1 }: { search?: string; page?: number } = {},
) {
  const user = await requireRole(request, ["treasurer", "procurement"]);
  const bodies = await listSplitParticipants({ tenderId, viewerBodyId: user.bodyId, search });
  const paged = bodies !== undefined && (search !== "" || bodies.length > SPLIT_PAGE_SIZE);
  const split = await splitForTender({
    tenderId,
    viewerBodyId: user.bodyId,
    page: paged
      ? bodies.slice((page - 1) * SPLIT_PAGE_SIZE, page * SPLIT_PAGE_SIZE).map((b) => b.bodyId)
      : undefined,
  });
  if (!split || (user.role === "procurement" && !split.viewer.isLead)) throw notFound();
  const paging = paged ? { page, pageSize: SPLIT_PAGE_SIZE, total: bodies.length, search } : null;
  return { user, split, paging };
}

/**
 * One body's export with its lines: the user's own body, or – for the lead's users –
 * `?koerperschaft=<bodyId>`. 404 for another body's file.
 */
export async function requireBodyExport(request: Request, tenderId = "") {
  const user = await requireRole(request, ["treasurer", "procurement"]);
  const asked = new URL(request.url).searchParams.get("koerperschaft") || user.bodyId;
  const split = await splitForTender({
    tenderId,
    viewerBodyId: user.bodyId,
    bodyId: asked,
  });
  if (!split || (user.role === "procurement" && !split.viewer.isLead)) throw notFound();
  const body = split.bodies[0];
  if (!body || split.bodies.length !== 1) throw notFound();
  return { user, split, body };
}

/**
 * The lead's full export: its treasurer and procurement users only. The download is an audit
 * event; `?lauf=<uuid>` (set by the page's download button) records how far the file is.
 */
export async function requireLeadExport(
  request: Request,
  tenderId: string | undefined,
  format: "xlsx" | "csv",
) {
  const user = await requireRole(request, ["treasurer", "procurement"]);
  const split = await splitForTender({ tenderId: tenderId ?? "", viewerBodyId: user.bodyId });
  if (!split || !split.viewer.isLead || split.scope !== "all") throw notFound();
  const meta = exportMeta(user);
  await recordSplitExport({
    tenderId: split.tender.id,
    viewerBodyId: user.bodyId,
    actorUserId: user.id,
    format,
    exportedFor: "alle Körperschaften",
  });
  const progress = await startExportRun({
    runId: new URL(request.url).searchParams.get("lauf"),
    userId: user.id,
    tenderId: split.tender.id,
    format,
    rowsTotal: countSplitLines(split),
    now: meta.now,
  });
  return { split, meta, progress };
}

export function exportMeta(user: UserWithBody, now = new Date()): ExportMeta {
  return { now, exportedBy: `${user.name} (${roleLabels[user.role]}, ${user.bodyName})` };
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function disposition(fileName: string) {
  // File names are ASCII (fileNameSlug); the quotes are safe.
  return `attachment; filename="${fileName}"`;
}

/**
 * Streams a workbook writer into the response; a failure mid-way aborts the download. The
 * writer reports its lines to `progress`; here the run is marked finished or failed.
 */
export function streamedXlsx(
  fileName: string,
  write: (stream: Writable) => Promise<unknown>,
  progress?: ProgressReporter,
): Response {
  const stream = new PassThrough();
  write(stream)
    .then(() => progress?.finish())
    .catch(async (error: unknown) => {
      stream.destroy(error instanceof Error ? error : new Error(String(error)));
      await progress?.finish(true).catch(() => {});
    });
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": disposition(fileName),
      "Cache-Control": "private, no-store",
    },
  });
}

export function csvResponse(fileName: string, body: ReadableStream<Uint8Array>): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": disposition(fileName),
      "Cache-Control": "private, no-store",
    },
  });
}
