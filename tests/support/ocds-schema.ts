// Validates OCDS releases against the repository's copy of the official schemas: core 1.1.5
// with the Lots extension v1.1.5 applied as a JSON Merge Patch (RFC 7386), compiled with a
// JSON Schema draft-04 validator as the schema declares.
import { readFileSync } from "node:fs";

import Ajv, { type ErrorObject } from "ajv-draft-04";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** RFC 7386: objects merge key by key, `null` deletes, everything else (arrays too) replaces. */
export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: { [key: string]: Json } = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function readJson(path: string): Json {
  return JSON.parse(
    readFileSync(new URL(`../../db/reference/ocds/${path}`, import.meta.url), "utf8"),
  ) as Json;
}

export function releaseSchemaWithLots(): Json {
  return mergePatch(
    readJson("release-schema.json"),
    readJson("ocds_lots_extension/release-schema.json"),
  );
}

let compiled: ReturnType<Ajv["compile"]> | undefined;

/** The schema's errors for `release`, as readable lines; [] when it validates. */
export function releaseErrors(release: unknown): string[] {
  if (!compiled) {
    // OCDS adds its own annotation keywords (codelist, omitWhenMerged, …): not strict about them.
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addFormat("date-time", {
      type: "string",
      validate: (s: string) =>
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
        !Number.isNaN(Date.parse(s)),
    });
    ajv.addFormat("uri", {
      type: "string",
      validate: (s: string) => {
        try {
          return new URL(s).protocol.length > 1;
        } catch {
          return false;
        }
      },
    });
    compiled = ajv.compile(releaseSchemaWithLots() as object);
  }
  if (compiled(release)) return [];
  return (compiled.errors ?? []).map(
    (e: ErrorObject) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`,
  );
}
