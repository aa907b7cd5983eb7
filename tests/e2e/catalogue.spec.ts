import { expect, type Page, test } from "@playwright/test";

import { demoCatalogueItems } from "../factories/catalogue";
import { demoEmail } from "../factories/demo";

import { expectAccessible, logIn, logOut, screenshot, watchConsole } from "./support";

const procurement = demoEmail("procurement", "hameln");

async function openCatalogue(page: Page) {
  await page
    .getByRole("navigation", { name: "Hauptnavigation" })
    .getByRole("link", { name: "Katalog" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Katalog" })).toBeVisible();
}

test("procurement searches the catalogue and creates an item with a CPV code from the type-ahead; the administration edits it", async ({
  page,
}) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, procurement);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Guten Tag");
  await openCatalogue(page);
  const table = page.getByRole("table");
  // On PostgreSQL other specs' factories add items to the same database, so at least the demo's.
  const caption = await table.locator("caption").textContent();
  expect(Number(/^(\d+) Artikel$/.exec(caption ?? "")?.[1])).toBeGreaterThanOrEqual(
    demoCatalogueItems().length,
  );
  await expectAccessible(page);
  await screenshot(page, "catalogue-list");

  // Search by name: the price is German and right-aligned.
  await page.getByLabel("Bezeichnung, Merkmal oder CPV-Code").fill("CF259X");
  await page.getByRole("button", { name: "Suchen" }).click();
  await expect(table.locator("caption")).toHaveText("1 Artikel für „CF259X“");
  const row = table.getByRole("row", { name: /CF259X-kompatibel/ });
  await expect(row.getByRole("cell", { name: "68,90 €" })).toBeVisible();
  await expect(row.getByRole("cell", { name: "19 %" })).toBeVisible();
  await expect(row.getByRole("cell", { name: "68,90 €" })).toHaveCSS("text-align", "right");

  // Search by CPV code prefix and filter by category.
  await page.getByLabel("Bezeichnung, Merkmal oder CPV-Code").fill("3376");
  await page.getByRole("button", { name: "Suchen" }).click();
  await expect(
    table.getByRole("link", { name: "Falthandtücher, 2-lagig, Zickzackfalzung" }),
  ).toBeVisible();
  await page.getByLabel("Bezeichnung, Merkmal oder CPV-Code").fill("");
  await page.getByLabel("Kategorie").selectOption({ label: "Lizenz" });
  await page.getByRole("button", { name: "Suchen" }).click();
  const licences = demoCatalogueItems().filter((i) => i.category === "license");
  await expect(table.locator("caption")).toHaveText(`${licences.length} Artikel (Lizenz)`);
  await expectAccessible(page);
  await screenshot(page, "catalogue-search");

  // A new item; the CPV code comes from the type-ahead.
  await page.getByRole("link", { name: "Artikel anlegen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Artikel anlegen" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Bezeichnung").fill("Kopierpapier DIN A5, 80 g/m², weiß");
  await page.getByLabel("Einheit", { exact: true }).selectOption("Ries");
  const cpv = page.getByRole("combobox", { name: "CPV-Code" });
  await cpv.pressSequentially("fotokopier");
  // The suggestions arrive in the datalist the browser shows under the input.
  await expect(page.locator("#cpvCode-list option[value='30197643-5']")).toHaveAttribute(
    "label",
    "30197643-5 – Fotokopierpapier",
  );
  // Choosing a suggestion puts its value into the input, as a click in the list would.
  await cpv.fill("30197643-5");
  await expect(page.getByText("Gewählt: 30197643-5 – Fotokopierpapier")).toBeVisible();

  // A price with too many decimals is refused in German before anything is sent.
  await page.getByLabel("Referenzpreis netto je Einheit (€)").fill("2,123456");
  await page.getByLabel("Merkmale (optional)").fill("80 g/m², DIN A5, 500 Blatt je Ries");
  await page.getByRole("button", { name: "Artikel anlegen" }).click();
  await expect(
    page.getByText("Referenzpreis: „2,123456“ hat mehr als 4 Nachkommastellen."),
  ).toBeVisible();
  await expect(page.getByLabel("Referenzpreis netto je Einheit (€)")).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  await expect(page).toHaveURL(/\/katalog\/neu$/);
  await expectAccessible(page);
  await screenshot(page, "catalogue-new-error");

  await page.getByLabel("Referenzpreis netto je Einheit (€)").fill("2,49");
  await page.getByRole("button", { name: "Artikel anlegen" }).click();
  await expect(page.getByText("Der Artikel ist angelegt.")).toBeVisible();
  await expect(page).toHaveURL(/\/katalog\/[0-9a-f-]{36}\?gespeichert=angelegt$/);
  // A procurement office reads the item; changing a shared item is the administration's
  // (decision 011).
  await expect(page.getByRole("heading", { level: 1, name: "Artikel", exact: true })).toBeVisible();
  await expect(page.getByText("30197643-5 Fotokopierpapier")).toBeVisible();
  await expect(page.getByText("2,49 €")).toBeVisible();
  await expect(
    page.getByText("Noch keine Bedarfsabfrage und keine Ausschreibung verwendet diesen Artikel."),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Änderungen speichern" })).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, "catalogue-created");
  const itemPath = new URL(page.url()).pathname;

  // The administration edits it: a new price with four decimals.
  await logOut(page);
  await logIn(page, "admin@buendelkauf.example");
  await page.goto(itemPath);
  await expect(page.getByRole("heading", { level: 1, name: "Artikel bearbeiten" })).toBeVisible();
  await expect(page.getByText("Gewählt: 30197643-5 – Fotokopierpapier")).toBeVisible();
  await expect(page.getByLabel("Referenzpreis netto je Einheit (€)")).toHaveValue("2,49");
  await page.getByLabel("Referenzpreis netto je Einheit (€)").fill("2,3875");
  await page.getByRole("button", { name: "Änderungen speichern" }).click();
  await expect(page.getByText("Die Änderungen sind gespeichert.")).toBeVisible();
  await expect(page.getByLabel("Referenzpreis netto je Einheit (€)")).toHaveValue("2,3875");
  await page.getByRole("button", { name: "Artikel deaktivieren" }).click();
  await expect(page.getByText("Dieser Artikel ist deaktiviert.")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "catalogue-edit");

  await openCatalogue(page);
  await page.getByLabel("Bezeichnung, Merkmal oder CPV-Code").fill("DIN A5");
  await page.getByRole("button", { name: "Suchen" }).click();
  const created = table.getByRole("row", { name: /Kopierpapier DIN A5/ });
  await expect(created.getByRole("cell", { name: "2,3875 €" })).toBeVisible();
  await expect(created.getByText("deaktiviert")).toBeVisible();
  noConsoleErrors();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the form posts, and the server answers 400 with German errors and keeps the input", async ({
    page,
  }) => {
    await logIn(page, demoEmail("procurement", "koenigsbrueck"));
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Guten Tag");
    await page.goto("/katalog/neu");
    await page.getByLabel("Bezeichnung").fill("Laminierfolien DIN A4");
    await page.getByLabel("CPV-Code").fill("12345678-9");
    await page.getByLabel("Referenzpreis netto je Einheit (€)").fill("abc");
    let response = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Artikel anlegen" }).click();
    expect((await response).status()).toBe(400);
    await expect(
      page.getByText("Referenzpreis: „abc“ ist kein gültiger Betrag.", { exact: false }),
    ).toBeVisible();
    await expect(page.getByLabel("Bezeichnung")).toHaveValue("Laminierfolien DIN A4");

    await page.getByLabel("Referenzpreis netto je Einheit (€)").fill("12,90");
    response = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Artikel anlegen" }).click();
    expect((await response).status()).toBe(400);
    await expect(
      page.getByText("Unbekannter CPV-Code „12345678-9“", { exact: false }),
    ).toBeVisible();
    // axe-core needs JavaScript in the page; the same form is checked in the test above.
    await screenshot(page, "catalogue-new-nojs-error");

    await page.getByLabel("CPV-Code").fill("30192000-1");
    await page.getByRole("button", { name: "Artikel anlegen" }).click();
    await expect(page.getByText("Der Artikel ist angelegt.")).toBeVisible();
  });
});

test("an officer gets 403 on the catalogue, but may use the CPV look-up", async ({ page }) => {
  await logIn(page, demoEmail("officer", "hameln"));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Guten Tag");
  await expect(
    page
      .getByRole("navigation", { name: "Hauptnavigation" })
      .getByRole("link", { name: "Katalog" }),
  ).toHaveCount(0);
  for (const path of ["/katalog", "/katalog/neu"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Keine Berechtigung (403)" })).toBeVisible();
  }
  await expectAccessible(page);
  const lookup = await page.request.get("/api/cpv?q=toner");
  expect(lookup.status()).toBe(200);
  const body = (await lookup.json()) as { results: { code: string; label: string }[] };
  expect(body.results.map((r) => r.code)).toContain("30125100-2");
  expect(body.results.length).toBeLessThanOrEqual(20);
});
