// The expected misses of a request, each with its German text written once here. Loaders and
// model functions throw these; the root error boundary renders them. A miss that would tell a
// stranger a row exists (another body's round, a draft tender) is a 404, not a 403.
import { data, redirect } from "@remix-run/node";

/** 404: the thing does not exist – or the caller may not know that it does. */
export function notFound(): Response {
  return new Response("Nicht gefunden", { status: 404 });
}

/** 403: the caller is signed in but lacks the role for this page. */
export function forbidden(message = "Für diese Seite fehlt Ihnen die Berechtigung."): Response {
  return new Response(message, { status: 403 });
}

/** 400: the request itself cannot be read (not a form's field errors, which are data). */
export function badRequest(message = "Ungültige Anfrage"): Response {
  return new Response(message, { status: 400 });
}

/**
 * 200: a file to download. `fileName` must be ASCII (`fileNameSlug`). Never cached, unless
 * `cache: "public"`: a public document (a published tender's files) that anyone may cache but
 * must revalidate, since it changes when the tender does (an award is added).
 */
export function download(
  fileName: string,
  bytes: Uint8Array,
  type: string,
  { cache = "private" }: { cache?: "private" | "public" } = {},
): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Content-Length": String(bytes.byteLength),
      "Cache-Control":
        cache === "public" ? "public, max-age=0, must-revalidate" : "private, no-store",
    },
  });
}

/** Where a module sends a page's action: to a redirect, or back with a result and its status. */
export type PageOutcome<Result> = { redirect: string } | { result: Result; status: number };

/** The action's response to a module's `PageOutcome`: the redirect thrown, else the result. */
export function respondWith<Result>(outcome: PageOutcome<Result>) {
  if ("redirect" in outcome) throw redirect(outcome.redirect);
  return data(outcome.result, { status: outcome.status });
}
