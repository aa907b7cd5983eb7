import { expect, type Page, test } from "@playwright/test";

import { DEMO_PASSWORD, demoEmail } from "../factories/demo";
import { cellOf, demandSheet, editWorkbook, readWorkbook, setCells } from "../factories/xlsx";

import { expectAccessible, logIn, logOut, screenshot, watchConsole } from "./support";

const A4 = "Kopierpapier DIN A4, 80 g/m², weiß";
const title = `Büromaterial 2027 (${Date.now()})`;

/** The demand form shows 25 items a page (decision 032): page on until the item's line is there. */
async function showLine(page: Page, label: string) {
  const field = page.getByLabel(label);
  for (let turn = 0; turn < 20 && (await field.count()) === 0; turn++) {
    await page.getByRole("navigation", { name: "Seiten" }).getByText("Nächste Seite").click();
    await page.waitForLoadState("load");
  }
  await expect(field).toBeVisible();
}

test("a demand round from invitation to consolidated quantities", async ({ page, browser }) => {
  // The longest journey (four users, a template round trip, nine pages checked by axe): on a
  // loaded 2-core machine it passed the default 60 s.
  test.slow();
  const noConsoleErrors = watchConsole(page);

  // The lead's procurement office opens a round for three bodies.
  await logIn(page, demoEmail("procurement", "hameln"));
  await page
    .getByRole("navigation", { name: "Hauptnavigation" })
    .getByRole("link", { name: "Bedarfsabfragen" })
    .click();
  await page.getByRole("link", { name: "Neue Bedarfsabfrage" }).click();
  await expectAccessible(page);
  await page.getByLabel("Titel").fill(title);
  await page.getByRole("button", { name: "Anlegen und Artikel wählen" }).click();
  await expect(page.getByRole("heading", { name: "Artikel wählen" })).toBeVisible();
  await page
    .getByRole("group", { name: /Verbrauchsmaterial · CPV 301/ })
    .getByLabel(/Alle \d+ Artikel dieser Gruppe/)
    .check();
  await expect(page.getByLabel(A4)).toBeChecked();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Auswahl speichern" }).click();
  await page.getByRole("link", { name: /Körperschaften einladen/ }).click();
  for (const name of ["Hessisch Oldendorf", "Bad Pyrmont", "Emmerthal"]) {
    await page.getByLabel(/suchen$/).fill(name);
    await page.getByRole("button", { name: "Suchen" }).click();
    await page.getByRole("button", { name: new RegExp(`^${name}.* einladen$`) }).click();
    await expect(page.getByRole("status")).toContainText("Eingeladen");
  }
  await expect(page.getByRole("heading", { name: "Eingeladen: 3" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Zurück zur Bedarfsabfrage" }).click();
  await page.getByRole("button", { name: "Veröffentlichen" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Bestätigen" }).click();
  await expect(page.getByText(/offen$/)).toBeVisible();
  const roundUrl = page.url();
  await logOut(page);

  // Hessisch Oldendorf enters its demand through the form, on two cost centres.
  await logIn(page, demoEmail("officer", "hessisch-oldendorf"));
  await page
    .getByRole("navigation", { name: "Hauptnavigation" })
    .getByRole("link", { name: "Bedarf melden" })
    .click();
  await page.getByRole("link", { name: title }).click();
  await showLine(page, `Menge (Ries) – ${A4}, Zeile 1`);
  await page.getByLabel(`Menge (Ries) – ${A4}, Zeile 1`).fill("120");
  await page.getByLabel(`Kostenstelle – ${A4}, Zeile 1`).fill("10100 Hauptamt");
  await page.getByRole("button", { name: `Weitere Kostenstelle für ${A4}` }).click();
  await page.getByLabel(`Menge (Ries) – ${A4}, Zeile 2`).fill("1.000,5");
  await page.getByLabel(`Kostenstelle – ${A4}, Zeile 2`).fill("21100 Grundschule");
  await page.getByRole("button", { name: "Bedarf speichern" }).click();
  await expect(page.getByText("Bitte eine ganze Zahl")).toBeVisible();
  await page.getByLabel(`Menge (Ries) – ${A4}, Zeile 2`).fill("30");
  await page.getByRole("button", { name: "Bedarf speichern" }).click();
  await expect(page.getByText("Ihr Bedarf ist gespeichert.")).toBeVisible();
  await expect(page.getByText("Neue Zeilen: 2")).toBeVisible();
  await expect(page.getByLabel(`Menge (Ries) – ${A4}, Zeile 2`)).toHaveValue("30");
  await expectAccessible(page);
  await screenshot(page, "demand-entry");
  await logOut(page);

  // Bad Pyrmont downloads the template, fills it in Excel (here: exceljs) and uploads it.
  await logIn(page, demoEmail("officer", "bad-pyrmont"));
  await page.goto("/bedarf");
  await page.getByRole("link", { name: title }).click();
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Excel-Vorlage herunterladen" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const path = await download.path();
  const { readFile } = await import("node:fs/promises");
  const template = new Uint8Array(await readFile(path));
  const sheet = demandSheet(await readWorkbook(template));
  let a4Row = 0;
  sheet.eachRow((row, n) => {
    if (cellOf(sheet, n, "name").value === A4) a4Row = n;
    void row;
  });
  expect(a4Row).toBeGreaterThan(0);
  const filled = await editWorkbook(template, (_wb, s) =>
    setCells(s, a4Row, { quantity: 200, costCentre: "Rathaus" }),
  );
  await page.getByRole("link", { name: "Ausgefüllte Vorlage hochladen" }).click();
  await expectAccessible(page);
  await page.getByLabel(/Datei/).setInputFiles({
    name: "bedarf.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: Buffer.from(filled),
  });
  await page.getByRole("button", { name: /hochladen|Hochladen|übernehmen|Übernehmen/ }).click();
  await expect(page.getByText("Die Tabelle wurde übernommen.")).toBeVisible();
  await showLine(page, `Menge (Ries) – ${A4}, Zeile 1`);
  await expect(page.getByLabel(`Menge (Ries) – ${A4}, Zeile 1`)).toHaveValue("200");
  await logOut(page);

  // Emmerthal has no demand.
  await logIn(page, demoEmail("officer", "emmerthal"));
  await page.goto("/bedarf");
  await page.getByRole("link", { name: title }).click();
  await page.getByRole("button", { name: "Kein Bedarf melden" }).click();
  await expect(page.getByText("keinen Bedarf")).toBeVisible();
  await logOut(page);

  // The lead sees who answered and the consolidated quantities.
  await logIn(page, demoEmail("procurement", "hameln"));
  await page.goto(roundUrl);
  const a4 = page.getByRole("row", { name: new RegExp(`^${A4.replace(/[()]/g, "\\$&")}`) });
  await expect(a4.getByRole("cell").nth(2)).toHaveText("350");
  // Meldungen: Hessisch Oldendorf's two cost centres and Bad Pyrmont's one.
  await expect(a4.getByRole("cell").nth(4)).toHaveText("3");
  await expect(page.getByText("3 von 3 eingeladenen Körperschaften")).toBeVisible();
  await expect(page.getByRole("row", { name: /Emmerthal/ })).toContainText("kein Bedarf");
  // Only one kind of answer.
  await page.getByLabel("Antwort", { exact: true }).selectOption("kein Bedarf");
  await page.getByRole("button", { name: "Anzeigen" }).click();
  await expect(page.getByRole("table", { name: /^1 Körperschaft \(kein Bedarf\)/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Hessisch Oldendorf/ })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByLabel("Antwort", { exact: true }).selectOption("alle");
  await page.getByRole("button", { name: "Anzeigen" }).click();
  await page.getByRole("link", { name: "Hessisch Oldendorf, Stadt" }).click();
  await expect(
    page.getByRole("heading", { name: "Zeilen von Hessisch Oldendorf, Stadt" }),
  ).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "round-overview");
  await page
    .getByRole("link", { name: `Verlauf von ${A4}` })
    .first()
    .click();
  await expect(page.getByRole("heading", { name: `Verlauf: ${A4}` })).toBeVisible();
  await expect(page.getByRole("cell", { name: "angelegt" })).toBeVisible();
  await expectAccessible(page);
  noConsoleErrors();

  // Without JavaScript the form still shows and keeps every stored line.
  const noJs = await browser.newContext({ javaScriptEnabled: false, locale: "de-DE" });
  const plain = await noJs.newPage();
  await plain.goto("/anmelden");
  await plain.getByLabel("E-Mail-Adresse").fill(demoEmail("officer", "hessisch-oldendorf"));
  await plain.getByLabel("Passwort").fill(DEMO_PASSWORD);
  await plain.getByRole("button", { name: "Anmelden" }).click();
  await plain.goto(roundUrl.replace("/runden/", "/bedarf/"));
  await showLine(plain, `Menge (Ries) – ${A4}, Zeile 1`);
  await expect(plain.getByLabel(`Menge (Ries) – ${A4}, Zeile 1`)).toHaveValue("120");
  await expect(plain.getByLabel(`Kostenstelle – ${A4}, Zeile 2`)).toHaveValue("21100 Grundschule");
  await plain.getByLabel(`Menge (Ries) – ${A4}, Zeile 1`).fill("125");
  await plain.getByRole("button", { name: "Bedarf speichern" }).click();
  await expect(plain.getByText("Neue Zeilen: 0, geänderte: 1, gelöschte: 0.")).toBeVisible();
  await expect(plain.getByLabel(`Menge (Ries) – ${A4}, Zeile 1`)).toHaveValue("125");
  await expect(plain.getByLabel(`Menge (Ries) – ${A4}, Zeile 2`)).toHaveValue("30");
  await noJs.close();
});
