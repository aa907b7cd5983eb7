// Layout (issue 18): every page a role can reach, at 390, 1280 and 1920 px, is no wider than the
// screen — wide tables scroll inside their labelled region or become cards, the navigation wraps.
// Each role's pages are found by following its links from the start page (GET only), one page per
// route of app/routes; the routes no role reached are listed and checked against a short list.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { expect, type Page, test } from "@playwright/test";

import { demoEmail } from "../factories/demo";

import { logIn } from "./support";

const WIDTHS = [390, 1280, 1920];
const ROUTES_DIR = fileURLToPath(new URL("../../app/routes", import.meta.url));

/** A route with a view (downloads and APIs have none). */
const isPage = (id: string) => {
  const file = [`${ROUTES_DIR}/${id}.tsx`, `${ROUTES_DIR}/${id}/route.tsx`].find(existsSync);
  return Boolean(file && /export default/.test(readFileSync(file, "utf8")));
};

/** Each page route of app/routes as a path pattern. */
const pageRoutes = readdirSync(ROUTES_DIR, { withFileTypes: true })
  .map((e) => e.name.replace(/\.tsx$/, ""))
  .filter((id) => isPage(id) && !/^\$$/.test(id))
  .map((id) => ({
    id,
    pattern: new RegExp(
      "^/" +
        id
          .split(".")
          .filter((s) => s !== "_index")
          .map((s) => (s.startsWith("$") ? "[^/]+" : s))
          .join("/") +
        "$",
    ),
  }));

// A static segment wins over a parameter: /runden/neu is runden.neu, not runden.$roundId.
pageRoutes.sort((a, b) => Number(a.id.includes("$")) - Number(b.id.includes("$")));

const routeOf = (path: string) =>
  pageRoutes.find((r) => r.pattern.test(path === "/" ? "/" : path.replace(/\/$/, "")))?.id;

/** Pages of one route opened at most (a draft and a published tender differ). */
const PER_ROUTE = 6;

/** Reached by no role's links: pages opened from a form or a download (their own specs cover them). */
const NOT_LINKED = new Set([
  "anmelden", // measured on its own by the anonymous role
  "runden.$roundId.artikel", // only a draft round links it; the demo data has none
  "runden.$roundId.verlauf.$lineId", // behind the round page's body filter (a GET form)
]);

async function overflow(page: Page) {
  return page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
    wide: [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((el) => !el.closest("[role=region]") && !el.closest(".kern-sr-only"))
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80)),
  }));
}

/** Opens the page once and measures it at every width. */
async function measure(page: Page, path: string, failures: string[]) {
  await page.setViewportSize({ width: 1280, height: 900 });
  const response = await page.goto(path);
  if (!response || response.status() >= 400) return false;
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    // Measure after the new layout has been drawn (right after the resize it can be stale).
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    const m = await overflow(page);
    if (m.scroll > width) failures.push(`${path} @${width}: ${m.scroll} px (${m.wide.join(", ")})`);
  }
  return true;
}

async function crawl(page: Page, start: string, seen: Set<string>, failures: string[]) {
  const queue = [start];
  const opened = new Set<string>();
  const perRoute = new Map<string, number>();
  while (queue.length > 0) {
    const path = queue.shift()!;
    const route = routeOf(path.split("?")[0]!);
    if (!route || opened.has(path) || (perRoute.get(route) ?? 0) >= PER_ROUTE) continue;
    opened.add(path);
    if (!(await measure(page, path, failures))) continue;
    perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
    seen.add(route);
    const links = await page.$$eval("a[href^='/']", (as) =>
      as.map((a) => a.getAttribute("href")!.split("#")[0]!),
    );
    queue.push(...links.filter((href) => !opened.has(href)));
  }
}

const seen = new Set<string>();

const roles: [string, string | null][] = [
  ["Vergabestelle", demoEmail("procurement", "hameln")],
  ["Sachbearbeitung", demoEmail("officer", "emmerthal")],
  // a member of the demo framework agreement: its call-off pages (Abruf…, upload)
  ["Sachbearbeitung mit Rahmenvereinbarung", demoEmail("officer", "wolfenbuettel")],
  ["Kämmerei", demoEmail("treasurer", "hameln")],
  ["Verwaltung", "admin@buendelkauf.example"],
  ["ohne Anmeldung", null],
];

for (const [role, email] of roles) {
  test(`every page of ${role} fits 390, 1280 and 1920 px`, async ({ page }) => {
    test.slow();
    if (email) await logIn(page, email);
    const failures: string[] = [];
    await crawl(page, email ? "/" : "/oeffentlich", seen, failures);
    if (!email) await measure(page, "/anmelden", failures);
    expect(failures).toEqual([]);
  });
}

test("a validation error at 1280 px does not widen the page", async ({ page }) => {
  await logIn(page, demoEmail("procurement", "hameln"));
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const [path, button] of [
    ["/runden/neu", "Anlegen und Artikel wählen"],
    ["/katalog/neu", "Artikel anlegen"],
    ["/ausschreibungen/neu", "Ausschreibung anlegen"],
  ] as const) {
    await page.goto(path);
    await page.getByRole("button", { name: button }).click();
    await expect(page.locator(".kern-error").first()).toBeVisible();
    const m = await overflow(page);
    expect(m.scroll, `${path}: ${m.wide.join(", ")}`).toBeLessThanOrEqual(1280);
  }
});

test("the phone screenshots", async ({ page }) => {
  await logIn(page, demoEmail("procurement", "hameln"));
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [path, name] of [
    ["/", "start"],
    ["/runden", "runden"],
    ["/katalog", "katalog"],
    ["/ausschreibungen", "ausschreibungen"],
  ] as const) {
    await page.goto(path);
    await page.screenshot({ path: `test-results/layout-390-${name}.png`, fullPage: true });
  }
  await page.goto("/runden");
  await page
    .getByRole("link", { name: "Büromaterial, Reinigung und Lizenzen 2027" })
    .first()
    .click();
  await page.screenshot({ path: "test-results/layout-390-runde.png", fullPage: true });
});

test("every page route was measured by some role", () => {
  const missing = pageRoutes.map((r) => r.id).filter((id) => !seen.has(id) && !NOT_LINKED.has(id));
  console.log(`layout: ${seen.size} routes measured; not reached: ${missing.join(", ") || "none"}`);
  expect(missing).toEqual([]);
});
