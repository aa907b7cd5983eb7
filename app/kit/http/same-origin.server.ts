// Cross-site request forgery guard for every state-changing request (decision 013). SameSite=Lax
// already keeps other sites' cookies off their POSTs; this closes what remains (same-site
// subdomains, older browsers). The production server (scripts/serve.mjs) runs it before Remix,
// whose own check answers a bare 500; `secureBuild` runs it before every action, `requireUser`
// again.

/** What the check reads of a request (the server hands it the head of an express request). */
export type RequestHead = Pick<Request, "method" | "headers" | "url">;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/**
 * Why a request must be refused as coming from elsewhere, or null when it may pass:
 * 1. `Origin` present (every current browser sends it on POST): its host must be ours.
 * 2. No `Origin`: `Sec-Fetch-Site` decides, if sent: `same-origin` and `none` (typed by the
 *    user) pass, `same-site` and `cross-site` do not.
 * 3. Neither: a `Referer` must be ours (our pages send it: Referrer-Policy same-origin).
 * 4. None of the three: no browser sent it (curl, a script, the benchmark), and only a browser
 *    carries a victim's cookie without being asked to; it passes, like before.
 */
export function foreignOriginReason(request: RequestHead): string | null {
  if (SAFE_METHODS.has(request.method)) return null;
  // The host Remix's own check compares with (the first X-Forwarded-Host, else Host).
  const own =
    request.headers.get("X-Forwarded-Host")?.split(",")[0]?.trim() ||
    request.headers.get("Host") ||
    hostOf(request.url);
  const origin = request.headers.get("Origin");
  if (origin !== null) return hostOf(origin) === own ? null : `Origin ${origin}`;
  const site = request.headers.get("Sec-Fetch-Site");
  if (site !== null)
    return site === "same-origin" || site === "none" ? null : `Sec-Fetch-Site ${site}`;
  const referer = request.headers.get("Referer");
  if (referer !== null) return hostOf(referer) === own ? null : "Referer";
  return null;
}

export function foreignOriginResponse() {
  return new Response("Anfrage von fremder Herkunft abgelehnt.", {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** Throws the German 403 for a state-changing request from another site. */
export function assertSameOrigin(request: RequestHead) {
  if (foreignOriginReason(request) !== null) throw foreignOriginResponse();
}
