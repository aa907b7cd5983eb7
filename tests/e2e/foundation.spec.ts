import { expect, test } from "@playwright/test";

import { navigationByRole } from "~/kit/ui/navigation";

import { DEMO_PASSWORD, demoEmail } from "../factories/demo";

import { expectAccessible, logIn, screenshot, watchConsole } from "./support";

const roles = [
  {
    role: "officer",
    email: demoEmail("officer", "hessisch-oldendorf"),
    label: "Beschaffer/in",
    body: "Hessisch Oldendorf",
    card: "Bedarf melden",
  },
  {
    role: "procurement",
    email: demoEmail("procurement", "hameln"),
    label: "Vergabestelle",
    body: "Hameln",
    card: "Vergabestelle",
  },
  {
    role: "treasurer",
    email: demoEmail("treasurer", "ossling"),
    label: "Kämmerei",
    body: "Oßling",
    card: "Kostenaufteilung",
  },
  {
    role: "admin",
    email: "admin@buendelkauf.example",
    label: "Administration",
    body: "Hameln",
    card: "Verwaltung",
  },
] as const;

test.describe("login per role", () => {
  for (const r of roles) {
    test(`${r.role} sees their own dashboard and navigation`, async ({ page }) => {
      const noConsoleErrors = watchConsole(page);
      await logIn(page, r.email);
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Guten Tag");
      await expect(
        page.getByText(`${r.label} · ${r.body}`, { exact: false }).first(),
      ).toBeVisible();
      await expect(
        page.getByRole("heading", { level: 2, name: r.card, exact: true }),
      ).toBeVisible();
      const nav = page.getByRole("navigation", { name: "Hauptnavigation" });
      // The rendered navigation is exactly the role's, and never another role's admin pages.
      await expect(nav.getByRole("link")).toHaveText(navigationByRole[r.role].map((i) => i.label));
      if (r.role !== "admin")
        await expect(nav.getByRole("link", { name: "Benutzer" })).toHaveCount(0);
      await expectAccessible(page);
      await screenshot(page, `dashboard-${r.role}`);
      await page.getByRole("button", { name: "Abmelden" }).click();
      await expect(page.getByRole("heading", { name: "Anmelden" })).toBeVisible();
      noConsoleErrors();
    });
  }
});

test("a wrong password shows a German error and nothing else", async ({ page }) => {
  await page.goto("/anmelden");
  await expectAccessible(page);
  await screenshot(page, "login");
  await logIn(page, demoEmail("officer", "hameln"), "falsches-passwort-123");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("E-Mail-Adresse oder Passwort ist falsch");
  await expect(page).toHaveURL(/\/anmelden/);
  await expect(page.getByRole("navigation", { name: "Hauptnavigation" })).toHaveCount(0);
  const cookies = await page.context().cookies();
  expect(cookies.filter((c) => c.name === "bk_session" && c.value !== "")).toEqual([]);
  await expectAccessible(page);
  await screenshot(page, "login-failed");
});

test("the form checks input before sending it", async ({ page }) => {
  await page.goto("/anmelden");
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page.getByText("Bitte geben Sie Ihre E-Mail-Adresse ein.")).toBeVisible();
  await expect(page.getByText("Bitte geben Sie Ihr Passwort ein.")).toBeVisible();
  await expectAccessible(page);
});

test("an officer opening an admin page gets the 403 page", async ({ page }) => {
  await logIn(page, demoEmail("officer", "hameln"));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Guten Tag");
  const response = await page.goto("/admin/benutzer");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Keine Berechtigung (403)" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "forbidden");
});

test("an unknown page is a German 404", async ({ page }) => {
  const response = await page.goto("/gibt-es-nicht");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Seite nicht gefunden (404)" })).toBeVisible();
  await expectAccessible(page);
});

test("logged out, a protected page leads to the login and back", async ({ page }) => {
  await page.goto("/admin/koerperschaften?q=Hameln");
  await expect(page).toHaveURL(/\/anmelden\?redirectTo=/);
  await logIn(page, "admin@buendelkauf.example", undefined, { stay: true });
  await expect(page).toHaveURL(/\/admin\/koerperschaften\?q=Hameln/);
  await expect(
    page.getByRole("link", { name: "Hameln, Stadt – Rechnungsdaten bearbeiten", exact: true }),
  ).toBeVisible();
});

test("the admin finds bodies, creates a user and disables them", async ({ page }) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, "admin@buendelkauf.example");
  await page
    .getByRole("navigation", { name: "Hauptnavigation" })
    .getByRole("link", { name: "Körperschaften" })
    .click();
  // All 10,751 municipalities and 294 Landkreise (on PostgreSQL other specs' factories may add a few).
  const caption = await page.getByRole("table").locator("caption").textContent();
  expect(
    Number(/^([\d.]+) Körperschaften$/.exec(caption ?? "")?.[1]?.replaceAll(".", "")),
  ).toBeGreaterThanOrEqual(11_045);
  await expectAccessible(page);
  await screenshot(page, "bodies");
  await page.getByLabel("Name, Kreis oder Gemeindeschlüssel").fill("146253");
  await page.getByRole("button", { name: "Suchen" }).click();
  // Each name links to the body's billing data.
  const billing = (name: string) =>
    page.getByRole("link", { name: `${name} – Rechnungsdaten bearbeiten`, exact: true });
  await expect(billing("Neukirch")).toBeVisible();
  await expect(billing("Neukirch/Lausitz")).toBeVisible();
  // A body can require a Kostenstelle on every demand line (decision 022).
  await page
    .getByRole("button", { name: /^Verlangen ?: Kostenstelle für Neukirch\/Lausitz$/ })
    .click();
  await expect(
    page.getByText("Bedarfszeilen dieser Körperschaft brauchen jetzt eine Kostenstelle."),
  ).toBeVisible();
  await expect(
    page.getByRole("button", { name: /^Aufheben ?: Kostenstelle für Neukirch\/Lausitz$/ }),
  ).toBeVisible();
  await expectAccessible(page);

  await page.goto("/admin/benutzer/neu");
  await page.getByRole("button", { name: "Anlegen" }).click();
  await expect(page.getByText("Bitte geben Sie den Namen ein.")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Name").fill("Erika Neu");
  await page.getByLabel("E-Mail-Adresse").fill("erika.neu@emmerthal.example");
  await page.getByLabel("Körperschaft (Gemeindeschlüssel)").fill("03252005");
  await page.getByLabel("Kämmerei").check();
  await page.getByLabel("Erstes Passwort").fill("kurz");
  await page.getByRole("button", { name: "Anlegen" }).click();
  await expect(page.getByText("Das Passwort muss mindestens 12 Zeichen lang sein.")).toBeVisible();
  await page.getByLabel("Erstes Passwort").fill("ein sehr langer satz als passwort");
  await page.getByRole("button", { name: "Anlegen" }).click();
  await expect(page).toHaveURL(/\/admin\/benutzer$/);
  const row = page.getByRole("row", { name: /Erika Neu/ });
  await expect(row).toContainText("aktiv");
  await screenshot(page, "users");
  await row.getByRole("button", { name: /Sperren/ }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Bestätigen" }).click();
  await expect(page.getByRole("row", { name: /Erika Neu/ })).toContainText("gesperrt");
  await expectAccessible(page);
  noConsoleErrors();
});

test("a user changes their own password; their other browser is logged out", async ({
  page,
  browser,
}) => {
  const noConsoleErrors = watchConsole(page);
  const email = demoEmail("officer", "aerzen"); // used by no other test
  const other = await browser.newPage();
  await logIn(other, email);
  await logIn(page, email);
  await page.getByRole("link", { name: "Passwort ändern" }).click();
  await expect(page.getByRole("heading", { name: "Passwort ändern", level: 1 })).toBeVisible();
  await expectAccessible(page);
  // Checked in the browser before sending: the repetition differs.
  await page.getByLabel("Bisheriges Passwort").fill(DEMO_PASSWORD);
  await page
    .getByLabel("Neues Passwort", { exact: true })
    .fill("Kraniche über dem Steinhuder Meer");
  await page.getByLabel("Neues Passwort wiederholen").fill("Kraniche über dem Dümmer");
  await page.getByRole("button", { name: "Passwort ändern" }).click();
  await expect(page.getByText("Die beiden neuen Passwörter stimmen nicht überein.")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Neues Passwort wiederholen").fill("Kraniche über dem Steinhuder Meer");
  await page.getByRole("button", { name: "Passwort ändern" }).click();
  await expect(page.getByRole("status")).toContainText("Passwort geändert");
  await expect(page.getByLabel("Bisheriges Passwort")).toHaveValue("");
  await expectAccessible(page);
  await screenshot(page, "password-changed");
  // This session stays, the other browser's ended.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Guten Tag");
  await other.goto("/bedarf");
  await expect(other.getByRole("heading", { name: "Anmelden" })).toBeVisible();
  await other.close();
  noConsoleErrors();
});

test("scripts run under a CSP without 'unsafe-inline', by the page's nonce", async ({ page }) => {
  const noConsoleErrors = watchConsole(page);
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(
        `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
      ),
    );
  });
  const response = await page.goto("/anmelden");
  const csp = response!.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+';/);
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  // Hydrated: Remix's router runs, and the login goes through it (a fetch, then client routing).
  await expect.poll(() => page.evaluate(() => "__remixRouter" in window)).toBe(true);
  await logIn(page, demoEmail("officer", "hameln"));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Guten Tag");
  await page.getByRole("link", { name: "Bedarf melden" }).first().click();
  await expect(page).toHaveURL(/\/bedarf/);
  const violations = await page.evaluate(
    () => (window as unknown as { cspViolations: string[] }).cspViolations,
  );
  expect(violations).toEqual([]);
  noConsoleErrors();
});
