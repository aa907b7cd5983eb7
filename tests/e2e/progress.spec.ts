// Long work shows progress (issue 18): while an upload runs, a <progress> and a sentence in a
// live region say so; the page that answers ends it with a clear message. The server's answer is
// held back for a moment here, so that the running state can be seen.
import { expect, test } from "@playwright/test";

import { demoEmail } from "../factories/demo";

import { expectAccessible, logIn } from "./support";

test("a demand upload shows that it runs, then its result", async ({ page }) => {
  await logIn(page, demoEmail("officer", "emmerthal"));
  await page.goto("/bedarf");
  await page
    .getByRole("link", { name: /Büromaterial, Reinigung und Lizenzen 2027/ })
    .first()
    .click();
  await page.getByRole("link", { name: "Ausgefüllte Vorlage hochladen" }).click();
  await expectAccessible(page);
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname.endsWith("/hochladen"),
    async (route) => {
      if (route.request().method() === "POST") await held;
      await route.continue();
    },
  );
  await page.locator("input[type=file]").setInputFiles({
    name: "bedarf.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: Buffer.from("keine Excel-Datei"),
  });
  await page.getByRole("button", { name: "Hochladen und übernehmen" }).click();
  const status = page.getByRole("status").filter({ hasText: "wird hochgeladen" });
  await expect(status).toContainText("Die Datei wird hochgeladen und geprüft …");
  await expect(status.locator("progress")).toBeVisible();
  await expectAccessible(page);
  release();
  await expect(status).toHaveCount(0);
  // The end: a clear error, nothing taken over.
  await expect(page.locator(".kern-error, [role=alert]").first()).toBeVisible();
  await expectAccessible(page);
});
