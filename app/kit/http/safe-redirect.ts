// The one judge of a redirect target taken from a request (the login form's `redirectTo`, and
// any later one). Pure, so the tests can throw arbitrary strings at it.

const STAND_IN = "https://stand-in.invalid";

/**
 * `to` if it is a path on this site, otherwise `fallback`. An open redirect lets a phishing link
 * borrow our login page, and browsers are lenient: they drop tab/CR/LF anywhere in a URL
 * (`/\t/evil.example` is `//evil.example`), read `\` as `/`, and a scheme or `//` leaves the
 * site. So a target is printable ASCII only (what `requireUser` builds from `URL.pathname` and
 * `URL.search` always is; a CR/LF would also break the Location header), starts with exactly
 * one `/`, has no backslash, no percent-encoded control character, `/` or `\` where a decoding
 * proxy could turn it into one of the above, and, resolved against a stand-in origin, stays on
 * that origin.
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length > 2048) return fallback;
  if (!/^\/[\x21-\x7e]*$/.test(to)) return fallback;
  if (to.startsWith("//") || to.includes("\\")) return fallback;
  // %00–%1f, %7f, %5c (\) anywhere; %2f (/) right after the leading slash.
  if (/%(?:[01][0-9a-f]|7f|5c)/i.test(to) || /^\/%2f/i.test(to)) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(to, STAND_IN);
  } catch {
    return fallback;
  }
  return resolved.origin === STAND_IN ? to : fallback;
}
