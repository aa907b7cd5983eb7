// The call-off template download and the upload page (/kosten/:tenderId/abrufe/hochladen) as their
// routes call them: the participating body's Beschaffer/in only; anyone else gets the 404 page.
import { data, redirect } from "@remix-run/node";

import { XLSX_MIME } from "~/domain/ocds";
import { download } from "~/kit/http/responses.server";
import { MAX_UPLOAD_BYTES, readUploadedFile } from "~/kit/http/upload.server";
import { formatProblem } from "~/kit/spreadsheet/xlsx-reader.server";
import { MAX_DATA_ROWS } from "~/modules/demand/index.server";

import { requireCallOffTender } from "./page.server";
import { callOffItems } from "./queries.server";
import { recordCallOffs } from "./record.server";
import { buildCallOffTemplate, parseCallOffUpload, refusalProblems } from "./upload.server";

const FIELD = "datei";

export async function callOffTemplateResponse(request: Request, tenderId: string | undefined) {
  const { user, tender } = await requireCallOffTender(request, tenderId, ["officer"]);
  const items = await callOffItems({ tenderId: tender.id, bodyId: user.bodyId });
  const file = await buildCallOffTemplate({
    tender,
    body: { id: user.bodyId, name: user.bodyName },
    items,
  });
  return download(file.fileName, file.bytes, XLSX_MIME);
}

export async function loadCallOffUploadPage(request: Request, tenderId: string | undefined) {
  const { user, tender } = await requireCallOffTender(request, tenderId, ["officer"]);
  const items = await callOffItems({ tenderId: tender.id, bodyId: user.bodyId });
  return {
    tender: { id: tender.id, title: tender.title, referenceNumber: tender.referenceNumber },
    bodyName: user.bodyName,
    open: items.length > 0,
    maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
    maxRows: MAX_DATA_ROWS,
  };
}

export async function callOffUploadAction(request: Request, tenderId: string | undefined) {
  const { user, tender } = await requireCallOffTender(request, tenderId, ["officer"]);
  const upload = await readUploadedFile(request, { field: FIELD });
  if (!upload.ok)
    return data({ fileError: upload.message, problems: [] as string[] }, { status: upload.status });
  const items = await callOffItems({ tenderId: tender.id, bodyId: user.bodyId });
  const parsed = await parseCallOffUpload({
    bytes: upload.bytes,
    tenderId: tender.id,
    bodyId: user.bodyId,
    items,
  });
  const fail = (problems: Parameters<typeof formatProblem>[0][], status: 400 | 409) =>
    data({ fileError: null, problems: problems.map(formatProblem) }, { status });
  if (!parsed.ok) return fail(parsed.problems, 400);
  let recorded: number;
  try {
    ({ recorded } = await recordCallOffs({
      tenderId: tender.id,
      actor: { userId: user.id, bodyId: user.bodyId },
      entries: parsed.entries,
    }));
  } catch (error) {
    return fail(refusalProblems(error), 409);
  }
  throw redirect(`/kosten/${tender.id}/abrufe?import=ok&anzahl=${recorded}`);
}
