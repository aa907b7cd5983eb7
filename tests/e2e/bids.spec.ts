// Bids, evaluation and award in the browser: the office downloads the price sheet, uploads two
// bidders' filled sheets (and a faulty one that is refused cell by cell), types a bid, sees the
// ranking with its arithmetic and every body's savings, and awards the better bid.
// Run: npm run build && E2E_PORT=3243 npx playwright test --config tests/e2e/playwright.config.ts bids
import { readFile } from "node:fs/promises";

import { expect, type Page, test } from "@playwright/test";
import type ExcelJS from "exceljs";

import { closeDatabase } from "#db/client";
import { OCID_PREFIX, type OcdsReleasePackage } from "~/domain/ocds";
import { FIRST_PRICE_ROW, lotColumn } from "~/modules/publication/index.server";
import { createUser } from "~/modules/access/index.server";

import { DEMO_PASSWORD, demoEmail } from "../factories/demo";
import { fillPriceSheet, type SheetPrices } from "../factories/price-sheets";
import { makePublishedTender } from "../factories/tenders";
import { readWorkbook } from "../factories/xlsx";

import { expectAccessible, logIn, screenshot, watchConsole } from "./support";

test.describe.configure({ mode: "serial" });

let target: { tenderId: string; email: string } | undefined;

test.beforeAll(async ({ request }) => {
  if (process.env.DATABASE_URL) {
    // On PostgreSQL the test writes its own tender (deadline passed, no bids) into the server's
    // database, with a procurement login for its lead.
    const tender = await makePublishedTender();
    const email = `vergabe-angebote-${Date.now()}@test.example`;
    await createUser({
      email,
      name: "Vergabestelle Test",
      password: DEMO_PASSWORD,
      bodyId: tender.leadBodyId,
      role: "procurement",
    });
    await closeDatabase();
    target = { tenderId: tender.tenderId, email };
    return;
  }
  // The embedded database belongs to the server process: use the demo seed's tender of Hameln
  // whose submission deadline has passed and which has no award yet.
  const pkg = (await (await request.get("/api/ocds/tenders.json")).json()) as OcdsReleasePackage;
  // The package holds a release per publication and per award: a tender is waiting when none of
  // its releases has an award.
  const awarded = new Set(pkg.releases.filter((r) => r.awards?.length).map((r) => r.ocid));
  const waiting = pkg.releases.find(
    (r) =>
      /Hameln/.test(r.buyer.name) &&
      Date.parse(r.tender.tenderPeriod.endDate) < Date.now() &&
      !awarded.has(r.ocid),
  );
  if (waiting) {
    target = {
      tenderId: waiting.ocid.slice(OCID_PREFIX.length + 1),
      email: demoEmail("procurement", "hameln"),
    };
  }
});

/** Prices for every lot of the sheet: `start` € in the first band, 0,35 € less per band. */
function pricesFor(workbook: ExcelJS.Workbook, start: number): SheetPrices {
  const prices: SheetPrices = {};
  for (const sheet of workbook.worksheets) {
    const match = /^Los (\d+)$/.exec(sheet.name);
    if (!match) continue;
    const items: (number | string | null)[][] = [];
    for (let r = FIRST_PRICE_ROW; ; r++) {
      const position = sheet.getRow(r).getCell(lotColumn("position")).value;
      if (typeof position !== "number") break;
      const bands = (items[position - 1] ??= []);
      // whole cents, computed in cents: no float arithmetic on the typed value
      bands.push(
        `${Math.floor((start * 100 + position * 10 - bands.length * 35) / 100)},${String((start * 100 + position * 10 - bands.length * 35) % 100).padStart(2, "0")}`,
      );
    }
    prices[Number(match[1])] = items;
  }
  return prices;
}

async function upload(page: Page, name: string, bytes: Uint8Array) {
  await page.getByLabel("Preisblatt eines Bieters (Excel-Datei .xlsx)").setInputFiles({
    name,
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: Buffer.from(bytes),
  });
  await page.getByRole("button", { name: "Hochladen und erfassen" }).click();
}

test("the office records two bidders' price sheets, sees the ranking and savings, and awards the better bid", async ({
  page,
}) => {
  test.skip(
    !target,
    "Keine Ausschreibung mit abgelaufener Angebotsfrist: braucht den Demo-Seed oder DATABASE_URL.",
  );
  const { tenderId, email } = target!;
  // Console errors are checked step by step: a refused upload or award answers 400 on purpose,
  // and the browser logs every 4xx response as an error.
  let noConsoleErrors = watchConsole(page);
  await logIn(page, email);
  await page.goto(`/ausschreibungen/${tenderId}/angebote`);
  await expect(page.getByRole("heading", { level: 1, name: "Angebote" })).toBeVisible();
  await expect(page.getByText("Noch kein Angebot.").first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "bids-empty");

  // Download the price sheet.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Preisblatt herunterladen (Excel)" }).click();
  const sheet = await download;
  expect(sheet.suggestedFilename()).toMatch(/^Preisblatt_.*\.xlsx$/);
  const blank = new Uint8Array(await readFile(await sheet.path()));
  const workbook = await readWorkbook(blank);
  const lotCount = workbook.worksheets.filter((w) => /^Los \d+$/.test(w.name)).length;

  // A faulty sheet: a price that rises with the band. Refused with its cell, nothing written.
  noConsoleErrors();
  const rising = pricesFor(workbook, 9);
  rising[1]![0]![1] = "99,00";
  await upload(
    page,
    "fehlerhaft.xlsx",
    await fillPriceSheet(blank, { bidderName: "Fehler KG", prices: rising }),
  );
  const refusal = page
    .getByRole("alert")
    .filter({ hasText: "Das Preisblatt wurde nicht übernommen" });
  await expect(refusal).toBeVisible();
  await expect(refusal.getByRole("listitem")).toHaveText([
    `Blatt „Los 1“, Zeile ${FIRST_PRICE_ROW + 1}, Spalte „G (Stückpreis netto in €)“: Der Preis 99,00 € ist höher als in der Staffel davor (ab 0: 9,10 €). Staffelpreise dürfen mit der Menge nicht steigen.`,
  ]);
  await expect(page.getByText("Noch kein Angebot.")).toHaveCount(lotCount);
  await expectAccessible(page);
  await screenshot(page, "bids-upload-refused");

  // Two good sheets: Nordpapier is cheaper in every band.
  noConsoleErrors = watchConsole(page);
  await upload(
    page,
    "nordpapier.xlsx",
    await fillPriceSheet(blank, {
      bidderName: "Nordpapier GmbH",
      bidderAddress: "Hafenstraße 3, 31785 Hameln",
      prices: pricesFor(workbook, 9),
    }),
  );
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: `${lotCount} Angebot(e) von „Nordpapier GmbH“ erfasst.` }),
  ).toBeVisible();
  await upload(
    page,
    "suedbuero.xlsx",
    await fillPriceSheet(blank, {
      bidderName: "Südbüro AG",
      bidderAddress: "Marktplatz 1, 37603 Holzminden",
      prices: pricesFor(workbook, 10),
    }),
  );
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: `${lotCount} Angebot(e) von „Südbüro AG“ erfasst.` }),
  ).toBeVisible();
  const lot1 = page.getByRole("region", { name: /^Los 1/ });
  await expect(
    lot1.getByRole("table", { name: "Preisspiegel: Stückpreise netto je Staffel" }),
  ).toBeVisible();
  await expect(lot1.getByRole("columnheader", { name: "Nordpapier GmbH" })).toBeVisible();
  await expect(lot1.getByRole("cell", { name: "9,10 €" }).first()).toBeVisible();

  // A typed bid with a German price error, shown at its input; nothing is sent.
  await lot1.getByText(/^Angebot für Los 1.* eintippen$/).click();
  await lot1.getByLabel("Name des Bieters").fill("Telefonbieter e. K.");
  const firstPrice = lot1.getByLabel(/^Stückpreis netto in Euro für .* ab 0$/).first();
  await firstPrice.fill("3.95");
  await lot1.getByRole("button", { name: "Angebot erfassen" }).click();
  await expect(lot1.getByText(/„3.95“ ist kein gültiger Betrag/)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "bids-list");

  // Evaluation of lot 1: Nordpapier ranks first, with its arithmetic and every body's savings.
  await lot1.getByRole("link", { name: /^Wertung und Zuschlag/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Wertung: Los 1/ })).toBeVisible();
  const ranking = page.getByRole("table", { name: /^Wertungspreis:/ });
  await expect(ranking.getByRole("row").nth(1)).toContainText("Nordpapier GmbH");
  await expect(ranking.getByRole("row").nth(1).getByRole("cell").first()).toHaveText("1");
  await expect(ranking.getByRole("row").nth(2)).toContainText("Südbüro AG");
  await expect(
    page.getByRole("table", { name: "Wertungspreis von Nordpapier GmbH" }),
  ).toBeVisible();
  const savings = page.getByRole("table", {
    name: "Was jede Körperschaft im Bündel zahlt und allein gezahlt hätte",
  });
  await expect(savings).toBeVisible();
  const bodyRows = await savings.locator("tbody tr").count();
  expect(bodyRows).toBeGreaterThan(1);
  await expect(page.getByText(/^Probe: Zu zahlen brutto zusammen .* = Rechnung /)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "evaluation");

  // A body that would pay more than alone: one click switches the lot's shared costs to savings.
  const switchButton = page.getByRole("button", { name: "Gemeinkosten nach Ersparnis verteilen" });
  if ((await switchButton.count()) > 0) {
    await expect(page.getByText("zahlt mehr als allein").first()).toBeVisible();
    await switchButton.click();
    await expect(
      page.getByText("Die Gemeinkosten dieses Loses werden jetzt nach der Ersparnis verteilt."),
    ).toBeVisible();
    await expect(page.getByRole("cell", { name: "Ersparnis" }).first()).toBeVisible();
    await screenshot(page, "evaluation-savings-key");
  }

  // Choosing the second bid needs a reason.
  noConsoleErrors();
  await page.getByLabel(/^Rang 2: Südbüro AG/).check();
  await page.getByRole("button", { name: "Zuschlag erteilen" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Bestätigen" }).click();
  await expect(
    page.getByText(/„Südbüro AG“ ist nicht das wirtschaftlichste Angebot \(Rang 2\)/),
  ).toBeVisible();
  await expectAccessible(page);

  // Award the better bid.
  noConsoleErrors = watchConsole(page);
  await page.getByLabel(/^Rang 1: Nordpapier GmbH/).check();
  await page.getByRole("button", { name: "Zuschlag erteilen" }).click();
  await expect(page.getByRole("dialog")).toContainText("kann nicht zurückgenommen werden");
  await page.getByRole("dialog").getByRole("button", { name: "Bestätigen" }).click();
  await expect(page.getByText("Zuschlag erteilt an Nordpapier GmbH")).toBeVisible();
  await expect(
    page.getByRole("heading", { name: "Aufteilung und Nutzen bei Zuschlag auf Nordpapier GmbH" }),
  ).toBeVisible();
  await expect(savings.locator("tbody tr")).toHaveCount(bodyRows);
  for (const row of await savings.locator("tbody tr").all()) {
    await expect(row.getByRole("cell").nth(2)).toHaveText(/^\d{1,3}(\.\d{3})*,\d\d €$/);
  }
  await expect(page.getByRole("button", { name: "Zuschlag erteilen" })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "evaluation-awarded");

  await page.getByRole("link", { name: "Zu den Angeboten" }).click();
  await expect(
    page.getByRole("region", { name: /^Los 1/ }).getByText("Zuschlag erteilt"),
  ).toBeVisible();

  // The tender page shows each lot's stand: lot 1 awarded, the others in the Wertung since
  // their first bid opened the offers; the tender as a whole is as far as its slowest lot.
  await page.goto(`/ausschreibungen/${tenderId}`);
  const stand = page.getByRole("table", { name: "Stand je Los" });
  await expect(stand.getByRole("row").nth(1)).toContainText("Zuschlag erteilt");
  await expect(stand.getByRole("button", { name: "Los abschließen" })).toHaveCount(1);
  await expect(page.getByRole("heading", { name: /^Stand des Verfahrens: / })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "tender-lifecycle");
  noConsoleErrors();
});

test("the Vergabevermerk names the award, reads well and prints without the navigation", async ({
  page,
}) => {
  test.skip(!target, "no published Hameln tender past its deadline");
  const noConsoleErrors = watchConsole(page);
  await logIn(page, target!.email);
  await page.goto(`/ausschreibungen/${target!.tenderId}`);
  await page.getByRole("link", { name: "Vergabevermerk (zum Drucken und Unterschreiben)" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Vergabevermerk (§ 8 VgV)" }),
  ).toBeVisible();
  for (const heading of [
    "1. Öffentliche Auftraggeber",
    "3. Verfahrensart und Begründung",
    "5. Zuschlag und Gründe",
    "7. Verlauf des Verfahrens",
    "8. Unterschriften",
  ])
    await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
  await expect(page.getByRole("table", { name: "Zuschläge" })).toContainText("Nordpapier GmbH");
  const history = page.getByRole("table", { name: /^Verlauf/ });
  await expect(history).toContainText("Bedarfsabfrage eröffnet");
  await expect(history).toContainText("Zuschlag erteilt");
  await expect(page.getByText("Ort, Datum, Unterschrift")).toHaveCount(2);
  await expect(page.locator("main")).not.toContainText(/\bchanges\b/);
  const docx = page.getByRole("link", { name: "Als Word-Dokument (DOCX) herunterladen" });
  const [download] = await Promise.all([page.waitForEvent("download"), docx.click()]);
  expect(download.suggestedFilename()).toMatch(/^Vergabevermerk_.*\.docx$/);
  await expectAccessible(page);
  await screenshot(page, "vergabevermerk");

  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Hauptnavigation" })).toBeHidden();
  await expect(docx).toBeHidden();
  await screenshot(page, "vergabevermerk-print");
  // Chromium's own A4 print: the history and the signatures each begin a new page
  const pdf = await page.pdf({ format: "A4", path: "tests/e2e/screenshots/vergabevermerk.pdf" });
  expect(pdf.toString("latin1").match(/\/Type\s*\/Page\b/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
  noConsoleErrors();
});
