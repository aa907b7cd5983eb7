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

type SchemaFiles = {
  schema: { fileName: string; contents: string }[];
  preload: { fileName: string; contents: string }[];
};
const schemaCache = new Map<string, SchemaFiles>();

/** The schemas import each other by relative paths: one flat in-memory folder for xmllint. */
function schemaFiles(location: string): SchemaFiles {
  const cached = schemaCache.get(location);
  if (cached) return cached;
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
  const result = {
    schema: [{ fileName: basename(main), contents: flat(readFileSync(main, "utf8")) }],
    preload: files
      .filter((f) => f !== main)
      .map((f) => ({ fileName: basename(f), contents: flat(readFileSync(f, "utf8")) })),
  };
  schemaCache.set(location, result);
  return result;
}

/**
 * XML Schema errors per document. One xmllint (WebAssembly) run for all documents: starting it
 * costs about a second, the validation itself almost nothing.
 */
async function xmlSchemaErrors(location: string, xmls: string[]): Promise<string[][]> {
  const names = xmls.map((_, index) => `invoice-${index}.xml`);
  const result = await validateXML({
    xml: xmls.map((contents, index) => ({ fileName: names[index]!, contents })),
    ...schemaFiles(location),
    maxMemoryPages: 4096,
  });
  return names.map((name) =>
    result.errors
      // an error without a file name counts against every document: never lose one
      .filter((e) => e.loc === null || e.loc.fileName === name)
      .map((e) => e.rawMessage ?? String(e.message)),
  );
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

function noScenario(): Verdict {
  const finding: Finding = {
    id: "SCENARIO",
    level: "error",
    text: "Kein Szenario passt (CustomizationID ist nicht XRechnung 3.0 / EN 16931).",
    location: "",
    source: "scenarios.xml",
  };
  return { accepted: false, scenario: null, errors: [finding], findings: [finding] };
}

/** Validates several documents; the XML Schema step runs once for all of a scenario. */
export async function validateXRechnungs(xmls: string[]): Promise<Verdict[]> {
  const all = load();
  const docs = xmls.map((xml) => {
    const doc = parse(xml);
    return {
      xml,
      doc,
      scenario: all.find((s) => xp(`boolean(${s.match})`, doc, s.ns)[0] === true),
    };
  });
  const findings: Finding[][] = docs.map(() => []);
  for (const scenario of new Set(docs.map((d) => d.scenario))) {
    if (!scenario) continue;
    const indexes = docs.flatMap((d, index) => (d.scenario === scenario ? [index] : []));
    for (const location of scenario.xsd) {
      const errors = await xmlSchemaErrors(
        location,
        indexes.map((index) => xmls[index]!),
      );
      indexes.forEach((index, n) => {
        for (const text of errors[n]!) {
          findings[index]!.push({
            id: "XSD",
            level: "error",
            text,
            location: "",
            source: basename(location),
          });
        }
      });
    }
  }
  return docs.map(({ doc, scenario }, index) => {
    if (!scenario) return noScenario();
    for (const location of scenario.xsl) {
      for (const { flag, ...finding } of schematron(location, doc)) {
        const custom = scenario.levels.get(finding.id) as Level | undefined;
        findings[index]!.push({ ...finding, level: custom ?? LEVEL[flag] ?? "error" });
      }
    }
    const errors = findings[index]!.filter((f) => f.level === "error");
    return {
      accepted: errors.length === 0,
      scenario: scenario.name,
      errors,
      findings: findings[index]!,
    };
  });
}

export async function validateXRechnung(xml: string): Promise<Verdict> {
  return (await validateXRechnungs([xml]))[0]!;
}

/** Readable list of error findings for an assertion message. */
export function describeErrors(verdict: Verdict): string {
  return verdict.errors
    .map((e) => `${e.id} (${e.source}) ${e.text}${e.location ? ` at ${e.location}` : ""}`)
    .join("\n");
}
