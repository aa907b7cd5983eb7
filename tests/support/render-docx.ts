// LibreOffice headless for the document tests: a DOCX to PDF, then pages of it to PNG (poppler's
// pdftoppm where installed, else LibreOffice's own PNG export of page 1). `.ci/run` installs
// both; where LibreOffice is missing the tests that call this are skipped.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const pdftoppm = ["/usr/bin/pdftoppm", "/usr/local/bin/pdftoppm"].find(existsSync);
export const soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/bin/libreoffice"].find(
  existsSync,
);

/** Converts and renders `pages` pages (from the first); returns the PNGs' paths and the PDF's. */
export function renderDocx(
  bytes: Uint8Array,
  name: string,
  pages = 1,
): { pdf: string; pngs: string[] } {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  const file = join(dir, `${name}.docx`);
  writeFileSync(file, bytes);
  const run = (format: string) =>
    execFileSync(
      soffice!,
      [
        `-env:UserInstallation=file://${dir}/profile`,
        "--headless",
        "--convert-to",
        format,
        "--outdir",
        dir,
        file,
      ],
      { stdio: "pipe", timeout: 150_000 },
    );
  run("pdf");
  const pdf = join(dir, `${name}.pdf`);
  if (statSync(pdf).size < 10_000) throw new Error(`${pdf}: PDF too small`);
  if (pdftoppm) {
    execFileSync(pdftoppm, [
      "-png",
      "-r",
      "80",
      "-f",
      "1",
      "-l",
      String(pages),
      pdf,
      join(dir, `${name}-seite`),
    ]);
    const pngs = readdirSync(dir)
      .filter((f) => f.startsWith(`${name}-seite`) && f.endsWith(".png"))
      .sort()
      .map((f) => join(dir, f));
    return { pdf, pngs };
  }
  run("png");
  const png = join(dir, `${name}-seite-1.png`);
  renameSync(join(dir, `${name}.png`), png);
  return { pdf, pngs: [png] };
}
