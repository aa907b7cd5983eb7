import { type AppLoadContext, createCookie, redirect } from "@remix-run/node";

import { type Role } from "~/domain/vocabulary";
import { oncePerRequest } from "~/kit/http/request-scope.server";
import { forbidden } from "~/kit/http/responses.server";
import { pageParams } from "~/kit/pagination";
import { assertSameOrigin } from "~/kit/http/same-origin.server";
import { UNKNOWN_ADDRESS } from "./login-attempt.server";
import { getSessionUser, SESSION_ABSOLUTE_MS } from "./session.server";
import { type UserWithBody } from "./user.server";

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

/**
 * The session's user; read once per request, however many of its loaders ask (the root loader
 * for the layout and the route's `requireRole`).
 */
export async function getOptionalUser(request: Request): Promise<UserWithBody | null> {
  const token = await readSessionToken(request);
  return token ? oncePerRequest(`session ${token}`, () => getSessionUser({ token })) : null;
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
    throw forbidden();
  }
  return user;
}

/** The administration's lists: 50 rows a page. */
export const ADMIN_PAGE_SIZE = 50;

/** An administrator's list page: the 403 page for anyone else, else the URL and the page asked. */
export async function requireAdminList(request: Request) {
  await requireRole(request, ["admin"]);
  const url = new URL(request.url);
  return { url, page: pageParams(url).page, pageSize: ADMIN_PAGE_SIZE };
}

/**
 * The client's address for throttling, from the load context scripts/serve.mjs gives every
 * request: the socket's address or, when the socket is a proxy named in TRUST_PROXY, the
 * right-most X-Forwarded-For entry that is not such a proxy (express's `trust proxy`; entries
 * further left are whatever the client wrote). Without that server (tests calling the handler,
 * `remix dev`) every request gets UNKNOWN_ADDRESS, which is not counted per address.
 */
export function clientAddress(context: AppLoadContext | undefined): string {
  const address = context?.clientAddress;
  return typeof address === "string" && address !== "" ? address : UNKNOWN_ADDRESS;
}
