import { createCookie, redirect } from "@remix-run/node";

import { type Role } from "~/domain/roles";
import { assertSameOrigin } from "~/kit/http/same-origin.server";
import { UNKNOWN_ADDRESS } from "~/models/login-attempt.server";
import { getSessionUser, SESSION_ABSOLUTE_MS } from "~/models/session.server";
import { type UserWithBody } from "~/models/user.server";

export const sessionCookie = createCookie("bk_session", {
  httpOnly: true,
  sameSite: "lax",
  secure: process.env.NODE_ENV === "production",
  path: "/",
  maxAge: SESSION_ABSOLUTE_MS / 1000,
});

/**
 * Cookie options for this request: Secure in production, except for plain HTTP on the loopback
 * interface (the demo on http://localhost), where some browsers would otherwise drop it.
 */
export function cookieOptionsFor(request: Request): { secure: boolean } {
  const url = new URL(request.url);
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  return {
    secure: process.env.NODE_ENV === "production" && !(loopback && url.protocol === "http:"),
  };
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

// login.server.ts imports it from here; its home is app/kit/http.
export { assertSameOrigin };

export async function getOptionalUser(request: Request): Promise<UserWithBody | null> {
  const token = await readSessionToken(request);
  return token ? getSessionUser({ token }) : null;
}

/** The logged-in user, or a redirect to the login page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<UserWithBody> {
  assertSameOrigin(request);
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = `${url.pathname}${url.search}`;
    throw redirect(`/anmelden?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

/** The logged-in user if they hold one of the roles; otherwise the 403 page. */
export async function requireRole(
  request: Request,
  allowed: readonly Role[],
): Promise<UserWithBody> {
  const user = await requireUser(request);
  if (!allowed.includes(user.role)) {
    throw new Response("Für diese Seite fehlt Ihnen die Berechtigung.", { status: 403 });
  }
  return user;
}

/**
 * The client's address for throttling. Behind one reverse proxy (TRUST_PROXY=1) the LAST
 * X-Forwarded-For entry: the one the proxy appended. Earlier entries come from the client and
 * are whatever an attacker wants them to be (one per guess would dodge the address limit).
 * remix-serve does not hand the socket address to the app; without a proxy every request gets
 * UNKNOWN_ADDRESS, which is not counted, and only the per-account limit bites.
 */
export function clientAddress(request: Request): string {
  if (process.env.TRUST_PROXY === "1") {
    const forwarded = request.headers.get("X-Forwarded-For")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return UNKNOWN_ADDRESS;
}
