// What every page of the demo says about money: one formatter, so never "2,20 € €". Each demo
// role logs in and follows the links of its pages (GET, same origin, HTML only), through the
// app's own request handler.
import { eq, sql } from "drizzle-orm";

import { getDb } from "#db/client";
import { rounds, users } from "#db/schema";
import { createSession, sessionCookie } from "~/modules/access/index.server";

import { seedDatabase } from "../../scripts/seed-lib";
import { demoCooperations, demoEmail } from "../factories/demo";
import { createAppHandler, type Handle } from "../support/app-handler";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const ORIGIN = "http://localhost";
const MAX_PAGES_PER_USER = 60;

async function cookieFor(email: string): Promise<string> {
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email));
  if (!user) throw new Error(`no demo user ${email}`);
  return sessionCookie.serialize(await createSession({ userId: user.id }));
}

/** The same-origin page links of an HTML page, without downloads and fragments. */
function pageLinks(html: string): string[] {
  const links: string[] = [];
  for (const match of html.matchAll(/<a\s[^>]*href="(\/[^"#]*)"/g)) {
    const href = match[1]!.replaceAll("&amp;", "&");
    if (/\.(xlsx|csv|zip|xml|docx|json|pdf)(\?|$)/.test(href) || href.startsWith("/build/"))
      continue;
    if (href.startsWith("/abmelden")) continue;
    links.push(href);
  }
  return links;
}

/** Visits up to `max` pages reachable from "/" and hands each HTML body to `check`. */
async function crawl(
  handle: Handle,
  cookie: string,
  check: (url: string, html: string) => void,
  extra: readonly string[] = [],
  max = MAX_PAGES_PER_USER,
): Promise<number> {
  const queue = ["/", ...extra];
  const seen = new Set<string>(queue);
  let visited = 0;
  while (queue.length > 0 && visited < max) {
    const url = queue.shift()!;
    const response = await handle(new Request(`${ORIGIN}${url}`, { headers: { Cookie: cookie } }));
    if (!(response.headers.get("Content-Type") ?? "").includes("text/html")) continue;
    const html = await response.text();
    visited++;
    check(url, html);
    for (const link of pageLinks(html)) {
      // One page per route shape is enough: ids vary, words do not.
      const shape = link.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ":id").replace(/\?.*$/, "");
      if (seen.has(shape)) continue;
      seen.add(shape);
      queue.push(link);
    }
  }
  return visited;
}

describe("words and numbers on the demo's pages", () => {
  it("never shows a doubled currency sign on any page a demo role reaches", async () => {
    await seedDatabase();
    const { handle } = await createAppHandler();
    const lead = demoCooperations[0]!.lead;
    const member = demoCooperations[0]!.members[0]!;
    const emails = [
      demoEmail("procurement", lead.slug),
      demoEmail("treasurer", lead.slug),
      demoEmail("officer", member.slug),
      demoEmail("treasurer", member.slug),
      "admin@buendelkauf.example",
    ];
    // The lead's item choice of each round is linked only from a draft round's steps.
    const db = await getDb();
    const itemPages = (await db.select({ id: rounds.id }).from(rounds)).map(
      (r) => `/runden/${r.id}/artikel`,
    );
    const doubled: string[] = [];
    let pages = 0;
    for (const email of emails) {
      const extra = email === demoEmail("procurement", lead.slug) ? itemPages : [];
      pages += await crawl(
        handle,
        await cookieFor(email),
        (url, html) => {
          const text = html.replace(/<[^>]+>/g, " ").replaceAll("&nbsp;", " ");
          if (/€\s*€/.test(text)) doubled.push(`${email} ${url}`);
        },
        extra,
      );
    }
    expect(pages).toBeGreaterThan(40);
    expect(doubled).toEqual([]);
  }, 240_000);
});
