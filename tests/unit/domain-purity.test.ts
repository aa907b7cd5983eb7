// app/domain stays pure (STYLE.md, DESIGN.md): no clock, no randomness, no floats on money, no
// I/O. A grep is crude, but it catches the slip a review misses.
import { readdirSync, readFileSync } from "node:fs";

const dir = new URL("../../app/domain/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));

describe("app/domain is pure", () => {
  it("has files, kebab-case, and no barrel", () => {
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(f).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.ts$/);
    expect(files).not.toContain("index.ts");
  });

  it.each([
    ["Date.now(", /Date\.now\s*\(/],
    ["new Date()", /new Date\s*\(\s*\)/],
    ["Math.random", /Math\.random/],
    ["process.env", /process\.env/],
    ["parseFloat", /parseFloat/],
    ["toFixed", /\.toFixed\s*\(/],
    ["Math.round", /Math\.round\s*\(/],
    [
      "drizzle/postgres/exceljs/node imports",
      /from\s+["'](?:drizzle-orm|postgres|exceljs|node:|fs|path)[^"']*["']/,
    ],
  ])("uses no %s", (_name, pattern) => {
    for (const f of files) {
      const source = readFileSync(new URL(f, dir), "utf8");
      expect(pattern.test(source), `${f} uses ${String(pattern)}`).toBe(false);
    }
  });
});
