// A licence contract over 24 months in the browser (issue 15): an officer enters seats of a
// "Lizenz/Jahr" item in the open demo round, and the treasurer of a body of the demo seed's
// licence tender (24 months from 2027-04-01, awarded by the seed through the model functions:
// bids can only be recorded after a submission deadline that lies in the future when a tender
// is created) reads the amounts per Haushaltsjahr on the cost page and in the downloaded XLSX:
// each licence line is billed for two years, one row per Haushaltsjahr (9 + 12 + 3 months), the
// year a number, every row with its accounts, and the years add up to the page's.
// Run: npm run build && E2E_PORT=3222 npx playwright test --config tests/e2e/playwright.config.ts licence
import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";
import type ExcelJS from "exceljs";

import { demoEmail } from "../factories/demo";
import { readWorkbook } from "../factories/xlsx";

import { expectAccessible, logIn, screenshot, watchConsole } from "./support";

const ROUND = "Büromaterial, Reinigung und Lizenzen 2027";
const TENDER = "Büropapier, Toner und Lizenzen 2027–2029";
const OFFICE = "Office-Paket Lizenz/Jahr";

/** "1.234,56 €" → cents */
const cents = (text: string) => Number(text.replace(/[^\d,-]/g, "").replace(",", ""));
const cellCents = (cell: ExcelJS.Cell) => {
  const v = cell.value as { result?: unknown } | number | null;
  return Math.round(Number(typeof v === "object" && v !== null ? (v.result ?? 0) : v) * 100);
};

test("an officer enters licence seats in the open round", async ({ page }) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("officer", "hessisch-oldendorf"));
  await page
    .getByRole("navigation", { name: "Hauptnavigation" })
    .getByRole("link", { name: "Bedarf melden" })
    .click();
  await expectAccessible(page);
  await page.getByRole("link", { name: ROUND }).click();
  const seats = page.getByLabel(`Menge (Lizenz/Jahr) – ${OFFICE}, Zeile 1`);
  await seats.fill("45");
  await page.getByLabel(`Kostenstelle – ${OFFICE}, Zeile 1`).fill("10100 Hauptamt");
  await page.getByRole("button", { name: "Bedarf speichern" }).click();
  await expect(page.getByText("Ihr Bedarf ist gespeichert.")).toBeVisible();
  await expect(seats).toHaveValue("45");
  await expectAccessible(page);
  await screenshot(page, "licence-demand");
  noConsoleErrors();
});

test("the treasurer reads a 24-month licence per Haushaltsjahr on the page and in the XLSX", async ({
  page,
}) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("treasurer", "hessisch-oldendorf"));
  await page
    .getByRole("navigation", { name: "Hauptnavigation" })
    .getByRole("link", { name: "Kostenaufteilung" })
    .click();
  await expectAccessible(page);
  await page.getByRole("link", { name: TENDER, exact: true }).click();
  await expect(
    page.getByRole("heading", { name: `Kostenaufteilung: ${TENDER}`, level: 1 }),
  ).toBeVisible();
  await expect(page.getByText("Abgleich mit der Rechnung: stimmt auf den Cent")).toBeVisible();
  const yearsTable = page.getByRole("table", { name: /Zu zahlen je Haushaltsjahr/ });
  await expect(yearsTable.getByRole("rowheader")).toHaveText(["2027", "2028", "2029"]);
  const pageYears = new Map<number, { licence: number; total: number }>();
  for (const row of await yearsTable.locator("tbody tr").all()) {
    const year = Number(await row.getByRole("rowheader").textContent());
    const cells = await row.getByRole("cell").allTextContents();
    pageYears.set(year, { licence: cents(cells[0]!), total: cents(cells[3]!) });
  }
  await expectAccessible(page);
  await screenshot(page, "licence-split");

  const pending = page.waitForEvent("download");
  await page
    .getByRole("link", { name: /^Ihr Anteil als Excel-Datei|Excel/ })
    .first()
    .click();
  const download = await pending;
  const workbook = await readWorkbook(new Uint8Array(await readFile(await download.path())));

  // Per Haushaltsjahr: Σ gross of the lines and the shared costs = the page's amount
  const lines = workbook.getWorksheet("Zeilen")!;
  const shared = workbook.getWorksheet("Gemeinkosten")!;
  expect(lines.getRow(1).getCell(14).value).toBe("Haushaltsjahr");
  const fileYears = new Map<number, { licence: number; total: number }>();
  const licenceRows: {
    item: string;
    year: number;
    quantity: number;
    price: number;
    net: number;
  }[] = [];
  for (const [sheet, isLines] of [
    [lines, true],
    [shared, false],
  ] as const) {
    sheet.eachRow((row, n) => {
      if (n === 1 || row.getCell(1).value === "Summe") return;
      const year = row.getCell(14).value;
      expect(typeof year).toBe("number");
      for (const c of [11, 12, 13]) expect(String(row.getCell(c).value ?? "")).not.toBe("");
      const gross = cellCents(row.getCell(10));
      const licence = isLines && row.getCell(5).value === "Lizenz/Jahr";
      const sum = fileYears.get(year as number) ?? { licence: 0, total: 0 };
      fileYears.set(year as number, {
        licence: sum.licence + (licence ? gross : 0),
        total: sum.total + gross,
      });
      if (licence) {
        licenceRows.push({
          item: String(row.getCell(2).value),
          year: year as number,
          quantity: Number(row.getCell(4).value),
          price: Number(row.getCell(6).value),
          net: cellCents(row.getCell(7)),
        });
      }
    });
  }
  expect([...fileYears.keys()].sort()).toEqual([2027, 2028, 2029]);
  for (const [year, sums] of pageYears) expect(fileYears.get(year)).toEqual(sums);

  // Each licence line: one row per year, 9 + 12 + 3 months of seats × price per seat and year
  expect(licenceRows.length).toBeGreaterThanOrEqual(3);
  const months: Record<number, number> = { 2027: 9, 2028: 12, 2029: 3 };
  for (const r of licenceRows) {
    const exact = (r.quantity * Math.round(r.price * 10_000) * months[r.year]!) / 12 / 100;
    expect(Math.abs(r.net - exact)).toBeLessThanOrEqual(1);
  }
  const first = licenceRows.slice(0, 3); // the first licence line's rows
  expect(first.map((r) => r.year)).toEqual([2027, 2028, 2029]);
  const twoYears = (first[0]!.quantity * Math.round(first[0]!.price * 10_000) * 2) / 100;
  expect(Math.abs(first.reduce((s, r) => s + r.net, 0) - twoYears)).toBeLessThanOrEqual(1);
  noConsoleErrors();
});
