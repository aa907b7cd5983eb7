// Reads one uploaded file from a multipart form with a hard size limit at the entry: the body is
// streamed and refused as soon as it passes the limit, so a large upload never sits in memory.
// Shared by every spreadsheet upload (demand template, the bidders' price sheets).
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";

import { declaresMoreThan, limitedBody, megabytes } from "~/kit/http/request-body.server";
import { quoted } from "~/kit/spreadsheet/xlsx-cells.server";

/** 5 MB: a filled demand template with 10,000 rows is well under 1 MB. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** Room for the multipart framing around the file (boundaries, part headers, other fields). */
const FRAMING_BYTES = 64 * 1024;
/** File names are shown and kept in the audit trail; longer ones are cut. */
const MAX_FILE_NAME_LENGTH = 200;

export type UploadedFile =
  | { ok: true; bytes: Uint8Array; fileName: string }
  | { ok: false; status: 400 | 413; message: string };

/**
 * A file name fit to show and to store (the multipart parser already kept only its last path
 * segment): without control characters (PostgreSQL refuses NUL in text and JSON), without
 * unpaired surrogates, at most 200 characters.
 */
export function cleanFileName(name: string): string {
  return (
    name
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "")
      .trim()
      .slice(0, MAX_FILE_NAME_LENGTH)
      // a cut may split a surrogate pair
      .replace(/[\ud800-\udbff]$/, "")
  );
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
  const noFile = {
    ok: false,
    status: 400,
    message: "Bitte wählen Sie eine Datei zum Hochladen aus.",
  } as const;
  if (declaresMoreThan(request, maxBytes + FRAMING_BYTES)) return tooLarge;
  if (!request.body) return noFile;

  let taken = false;
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: maxBytes });
  const body = limitedBody(request.body, maxBytes + FRAMING_BYTES);
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(
      // Only headers and body are read from it.
      { headers: request.headers, body: body.stream } as Request,
      async (part) => {
        if (part.name !== field || typeof part.filename !== "string" || taken) return undefined;
        taken = true;
        return memory(part);
      },
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError || body.exceeded()) return tooLarge;
    // No multipart body at all.
    if (error instanceof TypeError) return noFile;
    // A broken or cut-off one: the parser throws plain Errors ("malformed multipart-form data:
    // unexpected end of stream", "malformed content-disposition header: …").
    if (error instanceof Error && error.message.startsWith("malformed ")) {
      return {
        ok: false,
        status: 400,
        message:
          "Die Datei ist nicht vollständig angekommen (die Übertragung war fehlerhaft oder wurde abgebrochen). Bitte laden Sie sie erneut hoch.",
      };
    }
    throw error;
  }
  const file = formData.get(field);
  if (!file || typeof file === "string") return noFile;
  const fileName = cleanFileName(file.name);
  if (file.size === 0) {
    // A form sent without choosing a file has an empty part without a name.
    if (fileName === "") return noFile;
    return {
      ok: false,
      status: 400,
      message: `Die Datei ${quoted(fileName)} ist leer (0 Byte). Bitte wählen Sie die ausgefüllte Datei aus.`,
    };
  }
  return { ok: true, bytes: new Uint8Array(await file.arrayBuffer()), fileName };
}
