// Shared by scripts/backup.ts and scripts/restore.ts: PostgreSQL's client programs, found and
// checked against the server, and a connection without the password on the command line.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

import postgres from "postgres";

export class ToolError extends Error {}

/** The server's major version (15 for 15.20). */
export async function serverMajor(url: string): Promise<number> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await client<{ v: string }[]>`select current_setting('server_version_num') as v`;
    return Math.floor(Number(row!.v) / 10_000);
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * A client program (pg_dump, pg_restore, psql) at least as new as the server: from PG_BIN, the
 * PATH, or Debian's /usr/lib/postgresql/<major>/bin. pg_dump refuses a newer server, and a dump
 * from a newer pg_dump may not restore with an older pg_restore, so the check comes first.
 */
export function findTool(name: "pg_dump" | "pg_restore" | "psql", major: number): string {
  const candidates = [
    process.env.PG_BIN ? path.join(process.env.PG_BIN, name) : null,
    name,
    `/usr/lib/postgresql/${major}/bin/${name}`,
  ].filter((c): c is string => c !== null && (c === name || existsSync(c)));
  const found: string[] = [];
  for (const candidate of candidates) {
    const result = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    const version = /\(PostgreSQL\) (\d+)/.exec(result.stdout ?? "");
    if (!version) continue;
    const toolMajor = Number(version[1]);
    if (toolMajor >= major) return candidate;
    found.push(`${candidate} (Version ${toolMajor})`);
  }
  throw new ToolError(
    `${name} ab Version ${major} wird gebraucht (der Server ist PostgreSQL ${major}), gefunden: ` +
      `${found.join(", ") || "keins"}. Bitte die PostgreSQL-Client-Programme installieren oder ` +
      "PG_BIN auf ihr Verzeichnis setzen (z. B. /usr/lib/postgresql/15/bin).",
  );
}

/** Connection settings as libpq environment variables: the password stays out of `ps`. */
export function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGHOST: decodeURIComponent(u.hostname) || "localhost",
    PGPORT: u.port || "5432",
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)),
  };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get("sslmode");
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

/** Runs a program to completion; its stderr becomes the error message when it fails. */
export function run(
  command: string,
  args: string[],
  { env, stdin }: { env: NodeJS.ProcessEnv; stdin?: NodeJS.ReadableStream },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env,
      stdio: [stdin ? "pipe" : "ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    if (stdin && child.stdin) stdin.pipe(child.stdin);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else
        reject(
          new ToolError(`${path.basename(command)} ist mit Code ${code} beendet: ${stderr.trim()}`),
        );
    });
  });
}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt
 * it. While open, the directory holds postmaster.pid; PGlite removes it on a clean close.
 */
export function assertPgliteClosed(dir: string) {
  if (existsSync(path.join(dir, "postmaster.pid"))) {
    throw new ToolError(
      `Die Datenbank unter ${dir} ist geöffnet (postmaster.pid). Bitte den Server beenden. ` +
        "Nach einem Absturz bleibt die Datei liegen: dann einmal `npm run db:migrate` ausführen, " +
        "das öffnet und schließt die Datenbank sauber.",
    );
  }
}

/** What a backup file holds, from its first bytes. */
export function backupKind(head: Uint8Array): "postgres" | "pglite" | null {
  if (Buffer.from(head.subarray(0, 5)).toString("latin1") === "PGDMP") return "postgres";
  if (head[0] === 0x1f && head[1] === 0x8b) return "pglite";
  return null;
}

export function timestamp(now = new Date()) {
  return now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}
