// Validates an e-invoice the way the KoSIT validator does with its XRechnung 3.0.2 configuration
// (the same steps as ../shared/data/xrechnung/validate.mjs, as a function for tests): pick the
// scenario from scenarios.xml by its <match> XPath, validate against the scenario's XML Schema
// (xmllint-wasm), run its two compiled Schematron stylesheets (EN 16931, then XRechnung; SaxonJS
// SEF files), apply the scenario's <customLevel> overrides, accept only without an error.
//
// The rules are third-party and stay out of the repository: they are found through
// XRECHNUNG_RULES_DIR, default ../shared/data/xrechnung beside the repository root.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { validateXML } from "xmllint-wasm";

const require = createRequire(import.meta.url);

/** The few SaxonJS 2 calls used here (the package ships no types). */
type SaxonNode = { getAttribute(name: string): string | null; textContent: string };
type Saxon = {
  XPath: {
    evaluate(
      expression: string,
      context: unknown,
      options?: {
        namespaceContext?: Record<string, string>;
        resultForm?: "array";
        params?: Record<string, unknown>;
      },
    ): unknown;
  };
  transform(
    options: { stylesheetInternal: unknown; sourceNode: unknown; destination: "document" },
    mode: "sync",
  ): { principalResult: unknown };
};

const SVRL = "http://purl.oclc.org/dsdl/svrl";
const SCN = "http://www.xoev.de/de/validator/framework/1/scenarios";
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export const rulesDir = resolve(
  repoRoot,
  process.env.XRECHNUNG_RULES_DIR ?? "../shared/data/xrechnung",
);

/** Whether the rules are here; in CI (CI=true) their absence is an error, elsewhere a skip. */
export function xrechnungRulesAvailable(): boolean {
  const present = existsSync(join(rulesDir, "scenarios.xml")) && existsSync(join(rulesDir, "sef"));
  if (!present && process.env.CI === "true") {
    throw new Error(
      `XRechnung-Prüfregeln fehlen in ${rulesDir} (XRECHNUNG_RULES_DIR); in CI sind sie Pflicht.`,
    );
  }
  return present;
}

export type Level = "error" | "warning" | "information";
export type Finding = { id: string; level: Level; text: string; location: string; source: string };
export type Verdict = {
  accepted: boolean;
  scenario: string | null;
  errors: Finding[];
  findings: Finding[];
};

type Scenario = {
  name: string;
  ns: Record<string, string>;
  match: string;
  xsd: string[];
  xsl: string[];
  levels: Map<string, string>;
};

let saxon: Saxon | undefined;
let scenarios: Scenario[] | undefined;
const sefCache = new Map<string, unknown>();

function xp(expression: string, context: unknown, ns: Record<string, string> = {}): unknown[] {
  return saxon!.XPath.evaluate(expression, context, {
    namespaceContext: ns,
    resultForm: "array",
  }) as unknown[];
}

function parse(text: string): unknown {
  return saxon!.XPath.evaluate("parse-xml($x)", null, {
    params: { x: text.replace(/^\uFEFF/, "") },
  });
}

function load(): Scenario[] {
  saxon ??= require("saxon-js") as Saxon;
  scenarios ??= (
    xp("//s:scenario", parse(readFileSync(join(rulesDir, "scenarios.xml"), "utf8")), {
      s: SCN,
    }) as SaxonNode[]
  ).map((s) => ({
    name: String(xp("string(s:name)", s, { s: SCN })[0]),
    ns: Object.fromEntries(
      (xp("s:namespace", s, { s: SCN }) as SaxonNode[]).map((n) => [
        n.getAttribute("prefix") ?? "",
        n.textContent.trim(),
      ]),
    ),
    match: String(xp("string(s:match)", s, { s: SCN })[0]),
    xsd: xp("s:validateWithXmlSchema/s:resource/s:location/string()", s, { s: SCN }).map(String),
    xsl: xp("s:validateWithSchematron/s:resource/s:location/string()", s, { s: SCN }).map(String),
    levels: new Map(
      (xp("s:createReport/s:customLevel", s, { s: SCN }) as SaxonNode[]).map((c) => [
        c.textContent.trim(),
        c.getAttribute("level") ?? "error",
      ]),
    ),
  }));
  return scenarios;
}

/** The schemas import each other by relative paths: one flat in-memory folder for xmllint. */
async function xmlSchemaErrors(location: string, xml: string): Promise<string[]> {
  const main = join(rulesDir, location);
  const dir = dirname(main);
  const flat = (s: string) =>
    s.replace(/schemaLocation="(?:\.\.\/common\/)?([^"/]+)"/g, 'schemaLocation="$1"');
  const files = [dir, join(dir, "..", "common")]
    .filter((d) => existsSync(d))
    .flatMap((d) =>
      readdirSync(d)
        .filter((f) => f.endsWith(".xsd"))
        .map((f) => join(d, f)),
    );
  const result = await validateXML({
    xml: [{ fileName: "invoice.xml", contents: xml }],
    schema: [{ fileName: basename(main), contents: flat(readFileSync(main, "utf8")) }],
    preload: files
      .filter((f) => f !== main)
      .map((f) => ({ fileName: basename(f), contents: flat(readFileSync(f, "utf8")) })),
    maxMemoryPages: 4096,
  });
  return result.errors.map((e) => e.rawMessage ?? String(e.message));
}

function schematron(location: string, doc: unknown): (Omit<Finding, "level"> & { flag: string })[] {
  const sef = join(rulesDir, "sef", basename(location).replace(/\.xslt?$/, ".sef.json"));
  if (!sefCache.has(sef)) sefCache.set(sef, JSON.parse(readFileSync(sef, "utf8")));
  const out = saxon!.transform(
    { stylesheetInternal: sefCache.get(sef), sourceNode: doc, destination: "document" },
    "sync",
  );
  return (
    xp("//svrl:failed-assert | //svrl:successful-report", out.principalResult, {
      svrl: SVRL,
    }) as SaxonNode[]
  ).map((n) => ({
    id: n.getAttribute("id") ?? "",
    flag: n.getAttribute("flag") ?? "error",
    location: n.getAttribute("location") ?? "",
    text: String(xp("normalize-space(svrl:text)", n, { svrl: SVRL })[0]),
    source: basename(location),
  }));
}

const LEVEL: Record<string, Level> = {
  fatal: "error",
  error: "error",
  warning: "warning",
  information: "information",
  info: "information",
};

export async function validateXRechnung(xml: string): Promise<Verdict> {
  const all = load();
  const doc = parse(xml);
  const scenario = all.find((s) => xp(`boolean(${s.match})`, doc, s.ns)[0] === true);
  if (!scenario) {
    const finding: Finding = {
      id: "SCENARIO",
      level: "error",
      text: "Kein Szenario passt (CustomizationID ist nicht XRechnung 3.0 / EN 16931).",
      location: "",
      source: "scenarios.xml",
    };
    return { accepted: false, scenario: null, errors: [finding], findings: [finding] };
  }
  const findings: Finding[] = [];
  for (const location of scenario.xsd) {
    for (const text of await xmlSchemaErrors(location, xml)) {
      findings.push({ id: "XSD", level: "error", text, location: "", source: basename(location) });
    }
  }
  for (const location of scenario.xsl) {
    for (const { flag, ...finding } of schematron(location, doc)) {
      const custom = scenario.levels.get(finding.id) as Level | undefined;
      findings.push({ ...finding, level: custom ?? LEVEL[flag] ?? "error" });
    }
  }
  const errors = findings.filter((f) => f.level === "error");
  return { accepted: errors.length === 0, scenario: scenario.name, errors, findings };
}

/** Readable list of error findings for an assertion message. */
export function describeErrors(verdict: Verdict): string {
  return verdict.errors
    .map((e) => `${e.id} (${e.source}) ${e.text}${e.location ? ` at ${e.location}` : ""}`)
    .join("\n");
}
