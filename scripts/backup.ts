// Backs up the configured database (docs/operations.md "Sicherung"):
//   PostgreSQL (DATABASE_URL): pg_dump in its custom format (compressed, restorable table by
//     table), with a pg_dump at least as new as the server;
//   PGlite (PGLITE_DIR): the data directory as a gzip tarball from PGlite's own dumpDataDir(),
//     taken while no server has it open.
//
//   npm run db:backup [-- --out backups/datei]
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { PGlite } from "@electric-sql/pglite";

import { readDatabaseConfig } from "../db/client";

import {
  assertPgliteClosed,
  findTool,
  libpqEnv,
  run,
  serverMajor,
  timestamp,
  ToolError,
} from "./backup-tools";

const { values } = parseArgs({ options: { out: { type: "string" } } });

try {
  const config = readDatabaseConfig();
  const out = path.resolve(
    values.out ?? `backups/buendelkauf-${timestamp()}.${config.DATABASE_URL ? "dump" : "tar.gz"}`,
  );
  mkdirSync(path.dirname(out), { recursive: true });
  if (config.DATABASE_URL) {
    const major = await serverMajor(config.DATABASE_URL);
    const pgDump = findTool("pg_dump", major);
    await run(pgDump, ["--format=custom", "--compress=6", `--file=${out}`], {
      env: libpqEnv(config.DATABASE_URL),
    });
  } else {
    const dir = config.PGLITE_DIR;
    if (dir.startsWith("memory://"))
      throw new ToolError("Eine Datenbank im Arbeitsspeicher lässt sich nicht sichern.");
    if (!existsSync(path.join(dir, "PG_VERSION"))) {
      throw new ToolError(`Unter ${dir} liegt keine Datenbank.`);
    }
    assertPgliteClosed(dir);
    const db = await PGlite.create(dir);
    try {
      const tarball = await db.dumpDataDir("gzip");
      writeFileSync(out, Buffer.from(await tarball.arrayBuffer()));
    } finally {
      await db.close();
    }
  }
  console.log(`Sicherung geschrieben: ${out}`);
} catch (error) {
  if (!(error instanceof ToolError)) throw error;
  console.error(`Sicherung fehlgeschlagen: ${error.message}`);
  process.exit(1);
}
