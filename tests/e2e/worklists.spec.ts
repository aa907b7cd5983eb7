// The start page as each role's work list (issue 18): every list with its content, axe on every
// page, screenshots at 1280 and 390 px without sideways scrolling, and the three journeys in at
// most two clicks from the start page: a Beschaffer enters demand (start → round → entry), the
// Vergabestelle publishes and awards (start → tender → Wertung), the Kämmerei downloads the split
// (start → file).
// Run: npm run build && E2E_PORT=3227 npx playwright test --config tests/e2e/playwright.config.ts worklists
import { readFile } from "node:fs/promises";

import { expect, type Locator, type Page, test } from "@playwright/test";

import { demoEmail } from "../factories/demo";
import { readWorkbook } from "../factories/xlsx";

import { expectAccessible, logIn, screenshot, watchConsole } from "./support";

test.describe.configure({ mode: "serial" });

const OPEN_ROUND = "Büromaterial, Reinigung und Lizenzen 2027";
// A closed round no tender has taken (each round item goes into one tender, decision 023).
const CLOSED_ROUND = "Papier und Lizenzen 2028 \\(Vorausschau\\)";
const PAST_DEADLINE = "Reinigungs- und Hygienebedarf 2027";
const AWARDED = "Büropapier, Toner und Lizenzen 2027–2029";
const deadline = /\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr \(MES?Z\)/;

/** Axe, and the start page at 1280 and 390 px: no sideways scrolling, a screenshot each. */
async function checkStartPage(page: Page, name: string) {
  await expectAccessible(page);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, `${name} at ${width} px`).toBeLessThanOrEqual(width);
    await screenshot(page, `start-${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const section = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
/** The entry of a work list whose title link is `title` (entries hold lists of their own). */
const entryOf = (list: Locator, title: string) =>
  list
    .getByRole("listitem")
    .filter({ has: list.page().getByRole("link", { name: title, exact: true }) });

test("a Beschaffer sees the round waiting for the body's answer and enters demand in two clicks", async ({
  page,
}) => {
  const noConsoleErrors = watchConsole(page);
  // Oßling is the silent body of Königsbrück's open round in the demo seed.
  await logIn(page, demoEmail("officer", "ossling"));
  const list = section(page, "Bedarf melden");
  const waiting = list.getByRole("list", { name: "Warten auf Ihre Antwort" });
  const entry = waiting.getByRole("listitem").filter({ hasText: OPEN_ROUND });
  await expect(entry).toContainText(deadline);
  await expect(entry).toContainText(/noch \d+ (Tage|Tag|Stunden)/);
  await expect(entry).toContainText("Federführend: Königsbrück");
  await expect(list.getByRole("link", { name: /^1 Bedarfsabfrage wartet/ })).toHaveAttribute(
    "href",
    "/bedarf",
  );
  await checkStartPage(page, "beschaffung");

  // Click 1: the round. Click 2: save the entry.
  await entry.getByRole("link", { name: OPEN_ROUND }).click();
  await expect(page.getByRole("heading", { level: 1, name: OPEN_ROUND })).toBeVisible();
  await page
    .getByLabel(/^Menge \(.+\) – .+, Zeile 1$/)
    .first()
    .fill("12");
  await page.getByRole("button", { name: "Bedarf speichern" }).click();
  await expect(page.getByText("Ihr Bedarf ist gespeichert.")).toBeVisible();

  await page.goto("/");
  await expect(
    list.getByRole("list", { name: "In Bearbeitung (bis zur Frist änderbar)" }),
  ).toContainText("1 Zeile gemeldet");
  await expect(
    list.getByText("Keine offene Bedarfsabfrage wartet auf Ihre Antwort."),
  ).toBeVisible();
  noConsoleErrors();
});

test("the Vergabestelle sees rounds, tenders and decisions, reminds once, and reaches publishing and the award", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("procurement", "hameln"));
  const list = section(page, "Vergabestelle");

  // A draft to publish (set-up: a new tender from the closed round).
  await list.getByRole("link", { name: "Neue Ausschreibung" }).click();
  await page.getByLabel(new RegExp(`^${CLOSED_ROUND}`)).check();
  await page.getByLabel("Vergabenummer").fill(`HM-WL-${Date.now() % 100_000}`);
  await page.getByLabel("Titel").fill("Arbeitsliste: Papier 2028");
  await page.getByRole("button", { name: "Ausschreibung anlegen" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Arbeitsliste: Papier 2028" }),
  ).toBeVisible();
  await page.goto("/");

  const rounds = list.getByRole("list", { name: "Bedarfsabfragen" });
  const open = rounds.getByRole("listitem").filter({ hasText: OPEN_ROUND });
  await expect(open).toContainText(deadline);
  await expect(open.getByRole("progressbar")).toBeVisible();
  await expect(open).toContainText(
    /4 von 5 eingeladenen Körperschaften haben geantwortet \(80 %\)/,
  );
  await expect(
    open.getByRole("link", { name: `1 Körperschaft ohne Antwort – ${OPEN_ROUND}` }),
  ).toHaveAttribute("href", /\/runden\/[0-9a-f-]+\?antwort=offen#antworten$/);

  const tenders = list.getByRole("list", { name: "Ausschreibungen" });
  const draft = tenders.getByRole("listitem").filter({ hasText: "Arbeitsliste: Papier 2028" });
  await expect(draft).toContainText("Entwurf");
  await expect(draft).toContainText(/Angebotsfrist \(geplant\): .*Uhr \(MES?Z\)/);
  await expect(
    tenders.getByRole("listitem").filter({ hasText: "Papier und Toner 2027/28" }),
  ).toContainText(/Angebotsfrist endet: 15\.01\.2027, 12:00 Uhr \(MEZ\) · noch \d+ Tage/);
  const decisions = list.getByRole("list", { name: "Zu entscheiden" });
  await expect(decisions.getByRole("listitem").filter({ hasText: PAST_DEADLINE })).toContainText(
    "Angebotsfrist endete am 16.11.2026, 12:00 Uhr (MEZ)",
  );
  await checkStartPage(page, "vergabestelle");

  // The reminder: queued once, and the same day not again.
  await open.getByRole("button", { name: `Erinnern – ${OPEN_ROUND}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "Erinnerung vorgemerkt" })).toContainText(
    "1 E-Mail geht an die Beschaffung von 1 Körperschaft ohne Antwort.",
  );
  await expectAccessible(page);
  await open.getByRole("button", { name: `Erinnern – ${OPEN_ROUND}` }).click();
  await expect(
    page.getByText("Heute ist an diese Bedarfsabfrage bereits erinnert worden."),
  ).toBeVisible();

  // Publishing: click 1 opens the draft, where the publication is.
  await draft.getByRole("link", { name: "Arbeitsliste: Papier 2028" }).click();
  await expect(page.getByRole("button", { name: "Ausschreibung veröffentlichen" })).toBeEnabled();

  // The award: click 1 the tender waiting for its evaluation, click 2 the Wertung of a lot.
  await page.goto("/");
  await decisions.getByRole("link", { name: PAST_DEADLINE, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: PAST_DEADLINE })).toBeVisible();
  await page.getByRole("link", { name: "Wertung und Zuschlag für Los 1" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Wertung: Los 1/ })).toBeVisible();
  await expectAccessible(page);
  noConsoleErrors();
});

test("another body's Vergabestelle sees none of Hameln's rounds or tenders", async ({ page }) => {
  await logIn(page, demoEmail("procurement", "koenigsbrueck"));
  const list = section(page, "Vergabestelle");
  await expect(list.getByRole("list", { name: "Bedarfsabfragen" })).toContainText(OPEN_ROUND);
  for (const title of [CLOSED_ROUND, PAST_DEADLINE, "Papier und Toner 2027/28"])
    await expect(list.getByText(title)).toHaveCount(0);
});

test("the Kämmerei downloads its split from the start page in one click", async ({ page }) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("treasurer", "hessisch-oldendorf"));
  const list = section(page, "Kostenaufteilung");
  const ready = list.getByRole("list", { name: "Zum Herunterladen bereit" });
  const entry = entryOf(ready, AWARDED);
  await expect(entry).toContainText(/Ihr Anteil brutto: [\d.]+,\d{2} €/);
  await expect(list.getByRole("link", { name: /Kostenaufteilung(en)? bereit$/ })).toHaveAttribute(
    "href",
    "/kosten",
  );
  const invoices = list.getByRole("list", { name: "XRechnungen an Ihre Körperschaft" });
  await expect(
    invoices.getByRole("link", { name: `XRechnung (XML) – ${AWARDED}` }),
  ).toHaveAttribute("href", /\/kosten\/[0-9a-f-]+\/xrechnung\.xml$/);
  for (const year of ["2027", "2028", "2029"])
    await expect(list.getByRole("term").filter({ hasText: year })).toBeVisible();
  await checkStartPage(page, "kaemmerei");

  const pending = page.waitForEvent("download");
  await entry.getByRole("link", { name: `Ihr Anteil (Excel) – ${AWARDED}` }).click();
  const download = await pending;
  expect(download.suggestedFilename()).toBe(
    "Kostenaufteilung_HM_2026_017_Hessisch_Oldendorf_Stadt.xlsx",
  );
  const workbook = await readWorkbook(new Uint8Array(await readFile(await download.path())));
  expect(workbook.getWorksheet("Übersicht")!.getCell("B3").value).toBe(
    "Hessisch Oldendorf, Stadt (AGS 03252007)",
  );
  noConsoleErrors();
});

test("the administration's counts link to their lists", async ({ page }) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, "admin@buendelkauf.example");
  const list = section(page, "Verwaltung");
  await expect(list.getByRole("link", { name: /Benutzerkonten$/ })).toHaveAttribute(
    "href",
    "/admin/benutzer",
  );
  await expect(list.getByRole("link", { name: /Körperschaften$/ })).toHaveAttribute(
    "href",
    "/admin/koerperschaften",
  );
  await expect(list.getByRole("link", { name: /E-Mails? warten auf Versand$/ })).toHaveAttribute(
    "href",
    "/admin/postausgang?stand=wartend",
  );
  await checkStartPage(page, "verwaltung");
  // the count of queued mails opens exactly those mails
  const queued = await list.getByRole("link", { name: /E-Mails? warten auf Versand$/ }).innerText();
  await list.getByRole("link", { name: /E-Mails? warten auf Versand$/ }).click();
  await expect(page.getByRole("table")).toContainText(`${/[\d.]+/.exec(queued)![0]} E-Mail`);
  await expect(page.getByRole("table").getByRole("cell", { name: /^versandt/ })).toHaveCount(0);
  await expectAccessible(page);
  await page.goto("/");
  await list.getByRole("link", { name: /Benutzerkonten$/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Benutzer" })).toBeVisible();
  noConsoleErrors();
});
