import { PassThrough } from "node:stream";

import {
  createReadableStreamFromReadable,
  type EntryContext,
  type HandleDocumentRequestFunction,
} from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";

import { closeDatabase, connection } from "#db/client";
import { securityHeaders } from "~/utils/security-headers.server";

const ABORT_DELAY = 5_000;

// Open the database (and migrate it) as the server starts, not on the first request.
connection().catch((error: unknown) => {
  console.error("Die Datenbank konnte nicht geöffnet werden:", error);
  process.exit(1);
});

// Stop at once on SIGTERM/SIGINT: close the database cleanly (PGlite flushes its files), then
// exit without waiting for idle keep-alive connections, which remix-serve's own handler would.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void closeDatabase().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2_000).unref();
  });
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
): ReturnType<HandleDocumentRequestFunction> {
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  for (const [name, value] of Object.entries(securityHeaders)) responseHeaders.set(name, value);
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
      {
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell was sent are logged; earlier ones reach the error boundary.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export function handleDataRequest(response: Response) {
  for (const [name, value] of Object.entries(securityHeaders)) response.headers.set(name, value);
  return response;
}
