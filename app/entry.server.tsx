import { PassThrough } from "node:stream";

import { type EntryContext, type HandleDocumentRequestFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";

import { closeDatabase, connection } from "#db/client";
import {
  addTransportHeader,
  createNonce,
  documentCsp,
  securityHeaders,
} from "~/kit/http/security-headers.server";
import { documentBytes } from "~/kit/http/document-bytes.server";
import { NonceContext } from "~/kit/http/nonce";
import { startMailWorker, stopMailWorker } from "~/modules/mail/index.server";

/**
 * How long a document's data may take to stream (Remix reads this export; its default is 4.95 s)
 * and, one second later, React's rendering. No route defers data, so these only ever fired when
 * the process stalled: a document that was already complete went out as a 500 with nothing in
 * the log (the hardening run's officers on PGlite under load; a 6 s SIGSTOP reproduces it).
 */
export const streamTimeout = 30_000;
const ABORT_DELAY = streamTimeout + 1_000;

// Open the database (and migrate it) as the server starts, not on the first request; then start
// the mail worker beside it (once per process; not in tests, which start their own).
connection()
  .then(() => startMailWorker())
  .catch((error: unknown) => {
    console.error("Die Datenbank oder der E-Mail-Versand konnte nicht starten:", error);
    process.exit(1);
  });

// Stop at once on SIGTERM/SIGINT: close the database cleanly (PGlite flushes its files), then
// exit without waiting for idle keep-alive connections (scripts/serve.mjs leaves the signals to
// this handler; remix-serve, still used by `remix dev`, would wait for them).
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void stopMailWorker()
      .then(closeDatabase)
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2_000).unref();
  });
}

/**
 * Renders the whole document, then sends it in one piece. No route streams deferred data, and
 * the server's compression (scripts/serve.mjs, like remix-serve's) flushes after every chunk
 * React writes (about 2 KB): gzip per chunk sent a 100-line demand page as 85 KB instead of
 * 30 KB and cost more CPU than the rendering saved by streaming (decision 009).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
): ReturnType<HandleDocumentRequestFunction> {
  // Every inline script of this document carries the nonce (Remix's context and route modules,
  // ScrollRestoration, single-fetch data); the CSP allows no other inline script.
  const nonce = createNonce();
  for (const [name, value] of Object.entries(securityHeaders)) responseHeaders.set(name, value);
  responseHeaders.set("Content-Security-Policy", documentCsp(nonce));
  addTransportHeader(responseHeaders, request);
  return new Promise((resolve, reject) => {
    let rendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer
          context={remixContext}
          url={request.url}
          abortDelay={ABORT_DELAY}
          nonce={nonce}
        />
      </NonceContext.Provider>,
      {
        onAllReady() {
          rendered = true;
          const chunks: Buffer[] = [];
          const sink = new PassThrough();
          sink.on("data", (chunk: Buffer) => chunks.push(chunk));
          sink.on("error", reject);
          sink.on("end", () => {
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            resolve(
              new Response(documentBytes(chunks), {
                headers: responseHeaders,
                status: responseStatusCode,
              }),
            );
          });
          pipe(sink);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after rendering started are logged; earlier ones reach the error boundary.
          if (rendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export function handleDataRequest(response: Response, { request }: { request: Request }) {
  for (const [name, value] of Object.entries(securityHeaders)) response.headers.set(name, value);
  addTransportHeader(response.headers, request);
  return response;
}
