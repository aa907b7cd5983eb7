// The one reader of request bodies (decision 013). Every action reads its form through
// `readForm`; uploads go through `readUploadedFile` (app/imports/upload.server.ts), which uses
// the same `limitedBody`. ESLint refuses `request.formData()`, `.text()`, `.json()`,
// `.arrayBuffer()` and `.blob()` on a request anywhere else (eslint.config.js), because each of
// them reads the whole body into memory, however large: a 600 MB login form was accepted.

/** A form without a file: the typed bid form of a tender with 5,000 prices is about 300 kB. */
export const MAX_FORM_BYTES = 1024 * 1024;

const TEXT = { "Content-Type": "text/plain; charset=utf-8" };

export function megabytes(bytes: number) {
  return `${new Intl.NumberFormat("de-DE", { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`;
}

/** The German 413 every bounded reader answers with. */
export function tooLargeResponse(maxBytes: number) {
  return new Response(
    `Die Anfrage ist zu groß und wurde nicht angenommen: höchstens ${megabytes(maxBytes)} sind erlaubt.`,
    { status: 413, headers: TEXT },
  );
}

/**
 * The request body, cut off with an error once more than `limit` bytes have arrived. The
 * Content-Length header is only a claim (and missing for a chunked upload); this counts what
 * really comes. It stops reading but does not cancel the source: on the real server that
 * destroyed the socket, and the client got a reset instead of the 413; Node discards the rest
 * after the answer.
 */
export function limitedBody(body: ReadableStream<Uint8Array>, limit: number) {
  let seen = 0;
  let exceeded = false;
  const stream = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen <= limit) return controller.enqueue(chunk);
        exceeded = true;
        controller.error(new Error("request body over the limit"));
      },
    }),
    { preventCancel: true },
  );
  return { stream, exceeded: () => exceeded };
}

/** True when the request's Content-Length already claims more than `limit` bytes. */
export function declaresMoreThan(request: Request, limit: number) {
  return Number(request.headers.get("Content-Length") ?? "0") > limit;
}

/**
 * A form (URL-encoded or multipart without large files), read with a hard limit at the entry.
 * Throws a 413 response when it is larger, a 400 response when it is no form at all (JSON, a
 * broken multipart body, no body).
 */
export async function readForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<FormData> {
  if (declaresMoreThan(request, maxBytes)) throw tooLargeResponse(maxBytes);
  const type = request.headers.get("Content-Type") ?? "";
  const body = request.body ? limitedBody(request.body, maxBytes) : null;
  const unreadable = () =>
    new Response("Die Anfrage konnte nicht gelesen werden: Formulardaten erwartet.", {
      status: 400,
      headers: TEXT,
    });
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) {
    await body?.stream.cancel().catch(() => {});
    throw unreadable();
  }
  try {
    return await new Response(body?.stream ?? "", { headers: { "Content-Type": type } }).formData();
  } catch {
    if (body?.exceeded()) throw tooLargeResponse(maxBytes);
    throw unreadable();
  }
}
