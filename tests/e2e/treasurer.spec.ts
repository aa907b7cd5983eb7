// The treasurers' cost split in the browser, on the demo seed's awarded tenders: a member's
// treasurer sees the amounts per budget year on the dashboard, downloads the body's XLSX from
// there (the test opens it), reads the split page with the savings chart and the reconciliation,
// and sees no other body; the lead's treasurer downloads the summary of all bodies.
// Run: npm run build && E2E_PORT=3244 npx playwright test --config tests/e2e/playwright.config.ts treasurer
import { readFile } from "node:fs/promises";

import { expect, type Page, test } from "@playwright/test";

import { demoEmail } from "../factories/demo";
import { readWorkbook } from "../factories/xlsx";

import { expectAccessible, logIn, screenshot, watchConsole } from "./support";

test.describe.configure({ mode: "serial" });

const TENDER = "Büropapier, Toner und Lizenzen 2027–2029";
const euro = /^-?\d{1,3}(\.\d{3})*,\d{2} €$/;

async function downloadWorkbook(page: Page, click: () => Promise<void>) {
  const pending = page.waitForEvent("download");
  await click();
  const download = await pending;
  const bytes = new Uint8Array(await readFile(await download.path()));
  return { name: download.suggestedFilename(), workbook: await readWorkbook(bytes) };
}

test("a member's treasurer sees the amounts, downloads the body's XLSX and reads the split", async ({
  page,
}) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("treasurer", "hessisch-oldendorf"));

  // Start page: the amounts due per budget year, and the file one click away.
  const list = page.getByRole("region", { name: "Kostenaufteilung", exact: true });
  // Other tests may award further demo tenders; this one's figures stand in its own entry.
  const entry = list
    .getByRole("list", { name: "Zum Herunterladen bereit" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: TENDER, exact: true }) });
  await expect(entry.getByRole("link", { name: TENDER, exact: true })).toBeVisible();
  await expect(list.getByText("Zu zahlen je Haushaltsjahr (brutto")).toBeVisible();
  for (const year of ["2027", "2028", "2029"]) {
    await expect(list.getByRole("term").filter({ hasText: year })).toBeVisible();
  }
  await expectAccessible(page);
  await screenshot(page, "treasurer-dashboard");

  const file = await downloadWorkbook(page, () =>
    entry.getByRole("link", { name: `Ihr Anteil (Excel) – ${TENDER}` }).click(),
  );
  expect(file.name).toBe("Kostenaufteilung_HM_2026_017_Hessisch_Oldendorf_Stadt.xlsx");
  expect(file.workbook.worksheets.map((s) => s.name)).toEqual([
    "Übersicht",
    "Zeilen",
    "Gemeinkosten",
    "Nutzen",
    "Haushaltsjahre",
  ]);
  const cover = file.workbook.getWorksheet("Übersicht")!;
  expect(cover.getCell("B3").value).toMatch(/^Hessisch Oldendorf, Stadt \(AGS 03252007\)$/);
  const lines = file.workbook.getWorksheet("Zeilen")!;
  expect(lines.rowCount).toBeGreaterThan(2);
  for (let r = 2; r < lines.rowCount; r++)
    expect(typeof lines.getRow(r).getCell(7).value).toBe("number");

  // The list and the split page
  await page
    .getByRole("navigation", { name: "Hauptnavigation" })
    .getByRole("link", { name: "Kostenaufteilung" })
    .click();
  await expect(page.getByRole("heading", { name: "Kostenaufteilung", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: TENDER, exact: true })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "treasurer-list");

  await page.getByRole("link", { name: TENDER, exact: true }).click();
  await expect(
    page.getByRole("heading", { name: `Kostenaufteilung: ${TENDER}`, level: 1 }),
  ).toBeVisible();
  await expect(page.getByText("Abgleich mit der Rechnung: stimmt auf den Cent")).toBeVisible();
  await expect(
    page.getByRole("heading", { name: "Ihr Anteil: Hessisch Oldendorf, Stadt" }),
  ).toBeVisible();
  const facts = page.locator(".split-facts dd");
  await expect(facts.first()).toHaveText(euro);
  const chart = page.getByRole("img", {
    name: "Kosten im Bündel und allein: Hessisch Oldendorf, Stadt",
  });
  await expect(chart).toBeVisible();
  // Only this body: no other member's name anywhere on the page.
  for (const other of ["Bad Pyrmont", "Emmerthal", "Aerzen"]) {
    await expect(page.getByText(other)).toHaveCount(0);
  }
  const perLot = page.getByRole("table", { name: "Anteile von Hessisch Oldendorf, Stadt je Los" });
  await expect(perLot.getByRole("rowheader")).toHaveText([
    "Los 1 – Papier und Toner (Büromaschinen, Büromaterial und Zubehör, außer Computern, Druckern und Möbeln, CPV 30100000)",
    "Los 2 – Virenschutz (Lizenzen) (Virenschutzsoftwarepaket, CPV 48760000)",
    "Los 3 – Office-Pakete (Lizenzen) (Büroautomatisierungssoftwarepaket, CPV 48920000)",
    "Summe",
  ]);
  for (const cell of await perLot.getByRole("cell").all()) await expect(cell).toHaveText(euro);
  const yearsTable = page.getByRole("table", { name: /Zu zahlen je Haushaltsjahr/ });
  await expect(yearsTable.getByRole("rowheader")).toHaveText(["2027", "2028", "2029"]);
  for (const cell of await yearsTable.getByRole("cell").all()) await expect(cell).toHaveText(euro);
  await expectAccessible(page);
  await screenshot(page, "treasurer-split");
  await page
    .locator("figure.savings-chart")
    .screenshot({ path: "tests/e2e/screenshots/treasurer-chart.png" });

  // The chart's data as a table, for screen readers and whoever wants the numbers
  await page.getByText("Daten des Diagramms als Tabelle").click();
  await expect(
    page.getByRole("table", { name: /Kosten im Bündel und allein/ }).getByRole("rowheader"),
  ).toHaveText(["Hessisch Oldendorf, Stadt"]);

  // The CSV beside it
  const csvPending = page.waitForEvent("download");
  await page.getByRole("link", { name: "als CSV" }).click();
  const csv = await readFile(await (await csvPending).path(), "utf8");
  expect(csv.startsWith("\uFEFFKörperschaft;AGS;Los;Art;")).toBe(true);
  expect(csv).not.toContain("Bad Pyrmont");

  // Another body's file is not there for this treasurer.
  const response = await page.request.get(`${new URL(page.url()).pathname}/gesamt.xlsx`);
  expect(response.status()).toBe(404);
  noConsoleErrors();
});

test("the split page and its chart in print", async ({ page }) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("treasurer", "hameln"));
  await page.goto("/kosten");
  await page.getByRole("link", { name: TENDER, exact: true }).click();
  await expect(
    page.getByRole("img", { name: "Kosten im Bündel und allein je Körperschaft" }),
  ).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await screenshot(page, "treasurer-split-print");
  await page.emulateMedia({ media: "screen" });
  noConsoleErrors();
});

test("the lead sees every body and downloads the summary of all of them", async ({ page }) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("procurement", "hameln"));
  await page
    .getByRole("navigation", { name: "Hauptnavigation" })
    .getByRole("link", { name: "Kostenaufteilung" })
    .click();
  // The start page lists the same tender: wait for the list before following its link.
  await expect(page).toHaveURL(/\/kosten$/);
  await page.getByRole("link", { name: TENDER, exact: true }).click();
  await expect(
    page.getByRole("heading", { name: `Kostenaufteilung: ${TENDER}`, level: 1 }),
  ).toBeVisible();
  const chart = page.getByRole("img", { name: "Kosten im Bündel und allein je Körperschaft" });
  await expect(chart).toBeVisible();
  const totals = page.getByRole("table", { name: "Anteile über alle Lose" });
  await expect(totals.getByRole("rowheader")).toHaveText([
    "Aerzen, Flecken",
    "Bad Pyrmont, Stadt",
    "Emmerthal",
    "Hameln, Stadt (federführend)",
    "Hessisch Oldendorf, Stadt",
    "Summe",
  ]);
  await expect(page.getByText("Abgleich mit der Rechnung: stimmt auf den Cent")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "lead-split");
  await chart.screenshot({ path: "tests/e2e/screenshots/lead-chart.png" });

  const summary = await downloadWorkbook(page, () =>
    page.getByRole("link", { name: "Gesamtübersicht aller Körperschaften (Excel)" }).click(),
  );
  expect(summary.name).toBe("Kostenaufteilung_HM_2026_017_alle_Koerperschaften.xlsx");
  expect(summary.workbook.worksheets.map((s) => s.name)).toEqual([
    "Übersicht",
    "Zusammenfassung",
    "Körperschaften",
    "Zeilen",
  ]);
  const sheet = summary.workbook.getWorksheet("Zusammenfassung")!;
  // 5 bodies × 3 lots, then the totals row
  expect(sheet.rowCount).toBe(1 + 15 + 1);
  expect(sheet.getRow(17).getCell(1).value).toBe("Summe");
  // Under its link, how far the download is (the page polls the lines written), here complete.
  const lines = summary.workbook.getWorksheet("Zeilen")!.rowCount - 2; // header and totals
  const done = `Fertig: ${lines} Zeilen – die Datei liegt in Ihren Downloads.`;
  await expect(page.getByText(done)).toBeVisible();
  const bar = page.getByRole("progressbar", { name: done });
  await expect(bar).toHaveAttribute("max", String(lines));
  await expect(bar).toHaveAttribute("value", String(lines));
  await expectAccessible(page);
  await page
    .getByRole("region", { name: "Herunterladen" })
    .screenshot({ path: "tests/e2e/screenshots/lead-download-progress.png" });

  // A search narrows the bodies (a tender with more than 50 pages them); the sums stay all's.
  const allSums = await totals.getByRole("row", { name: /^Summe/ }).textContent();
  await page.goto(`${new URL(page.url()).pathname}?suche=bad`);
  await expect(page.getByText("1 Körperschaft passt zur Suche.")).toBeVisible();
  const found = page.getByRole("table", { name: "Anteile über alle Lose" });
  await expect(found.getByRole("rowheader")).toHaveText(["Bad Pyrmont, Stadt", "Summe"]);
  expect(await found.getByRole("row", { name: /^Summe/ }).textContent()).toBe(allSums);
  await expect(page.getByRole("searchbox", { name: "Name oder Gemeindeschlüssel" })).toHaveValue(
    "bad",
  );
  await expectAccessible(page);
  await screenshot(page, "lead-split-search");
  await page.goBack();

  // One body's file through the form (a plain GET form: works without JavaScript)
  await page.getByLabel("Datei einer Körperschaft").selectOption({ label: "Emmerthal" });
  const one = await downloadWorkbook(page, () =>
    page.getByRole("button", { name: "Excel-Datei herunterladen" }).click(),
  );
  expect(one.name).toBe("Kostenaufteilung_HM_2026_017_Emmerthal.xlsx");
  noConsoleErrors();
});
