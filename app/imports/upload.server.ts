// Reads one uploaded file from a multipart form with a hard size limit at the entry: the body is
// streamed and refused as soon as it passes the limit, so a large upload never sits in memory.
// Shared by every spreadsheet upload (demand template, later the bidders' price sheets).
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";

/** 5 MB: a filled demand template with 10,000 rows is well under 1 MB. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export type UploadedFile =
  | { ok: true; bytes: Uint8Array; fileName: string }
  | { ok: false; status: 400 | 413; message: string };

function megabytes(bytes: number) {
  return `${new Intl.NumberFormat("de-DE", { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`;
}

/**
 * The file in form field `field`. Every other part of the form is ignored unread (the upload
 * forms have no other fields), and only the first file of that name is kept.
 */
export async function readUploadedFile(
  request: Request,
  { field, maxBytes = MAX_UPLOAD_BYTES }: { field: string; maxBytes?: number },
): Promise<UploadedFile> {
  const tooLarge = {
    ok: false,
    status: 413,
    message: `Die Datei ist zu groß: höchstens ${megabytes(maxBytes)} sind erlaubt.`,
  } as const;
  // Room for the multipart framing around the file.
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes + 64 * 1024) return tooLarge;

  let taken = false;
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: maxBytes });
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, async (part) => {
      if (part.name !== field || typeof part.filename !== "string" || taken) return undefined;
      taken = true;
      return memory(part);
    });
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return tooLarge;
    if (error instanceof TypeError) {
      return { ok: false, status: 400, message: "Bitte wählen Sie eine Datei zum Hochladen aus." };
    }
    throw error;
  }
  const file = formData.get(field);
  if (!file || typeof file === "string" || file.size === 0) {
    return { ok: false, status: 400, message: "Bitte wählen Sie eine Datei zum Hochladen aus." };
  }
  return { ok: true, bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name };
}
