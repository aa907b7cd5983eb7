// Helpers of the hardening tests (tests/hardening/*): a fresh database on disk that the built
// server (build/, scripts/serve.mjs) and this process take turns to open, copies of it, the server as
// a child process that can be killed, the demand form as the page renders it, sizes from the
// environment. PGlite allows one process per data directory: this process closes its connection
// (`releaseDatabase`) before a server starts and opens it again (`useDatabase`) after it ended.
import { type ChildProcess } from "node:child_process";
import { cpSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

import { sql } from "drizzle-orm";
import postgres from "postgres";
import type * as z from "zod";

import { closeDatabase, getDb, queryRows } from "#db/client";
import { demandLineSchema } from "~/modules/demand/forms";

import { freshDatabase, type Target } from "../../scripts/bench/data";
import { ensureBuild, startServer, stopServer } from "../../scripts/bench/http";

export { median, mulberry32 } from "../../scripts/bench/lib";
export { cookieFor } from "../support/authorization";

/** A positive integer from the environment (for bigger local runs), or the CI default. */
export function sizeFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw.replaceAll("_", ""));
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name}: an integer ≥ 0 expected`);
  return n;
}

/** A fresh database for one test file: ./data/hardening/<name>-<pid> or a new PostgreSQL one. */
export async function hardeningDatabase(name: string): Promise<Target> {
  const target = await freshDatabase(0, {
    dir: `./data/hardening/${name}-${process.pid}`,
    prefix: `bk_hard_${name.replaceAll("-", "_")}`,
  });
  await useDatabase(target);
  return target;
}

/** Points this process's db/client at `target` (closing whatever it had open). */
export async function useDatabase(target: Target) {
  await closeDatabase();
  Object.assign(process.env, target.env);
  return getDb();
}

/** Closes this process's connection, so a server can open a PGlite directory. */
export const releaseDatabase = closeDatabase;

/**
 * A copy of `source` (closed: no server, no connection of this process): the PGlite directory
 * copied file by file, or a PostgreSQL database created from it as a template.
 */
export async function copyDatabase(source: Target, suffix: string): Promise<Target> {
  if (source.driver === "pglite") {
    const dir = `${source.location}-${suffix}`;
    rmSync(dir, { recursive: true, force: true });
    cpSync(source.location, dir, { recursive: true });
    return {
      driver: "pglite",
      location: dir,
      env: { PGLITE_DIR: dir, DATABASE_URL: "" },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = new URL(source.env.DATABASE_URL);
  const from = url.pathname.slice(1);
  const name = `${from}_${suffix}`.slice(0, 63);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const run = async (statement: string) => {
    const client = postgres(admin.toString(), { max: 1, onnotice: () => {} });
    try {
      await client.unsafe(statement);
    } finally {
      await client.end();
    }
  };
  await run(`drop database if exists ${name} with (force)`);
  await run(`create database ${name} template ${from}`);
  url.pathname = `/${name}`;
  return {
    driver: "postgres",
    location: name,
    env: { DATABASE_URL: url.toString() },
    drop: () => run(`drop database if exists ${name} with (force)`),
  };
}

/**
 * Tells whether `target` has begun writing since the probe was made: on PostgreSQL an open
 * transaction with a transaction id (it has locked or written rows), on PGlite, which runs
 * inside the server, a change to the write-ahead log's files (PGlite flushes it at commit or
 * when its buffers fill).
 */
export async function writeProbe(
  target: Target,
): Promise<{ writing: () => Promise<boolean>; close: () => Promise<void> }> {
  if (target.driver === "postgres") {
    const url = new URL(target.env.DATABASE_URL);
    const name = url.pathname.slice(1);
    url.pathname = "/postgres";
    const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
    return {
      writing: async () => {
        const [row] = await client<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity
          where datname = ${name} and backend_xid is not null`;
        return (row?.n ?? 0) > 0;
      },
      close: () => client.end(),
    };
  }
  const wal = path.join(target.location, "pg_wal");
  const signature = () =>
    readdirSync(wal)
      .filter((f) => /^[0-9A-F]{24}$/.test(f))
      .map((f) => {
        const stat = statSync(path.join(wal, f));
        return `${f}:${stat.size}:${stat.mtimeMs}`;
      })
      .join(",");
  const start = signature();
  return { writing: async () => signature() !== start, close: async () => {} };
}

/** Polls `probe` until the database writes or `done()` holds; the time waited in ms. */
export async function waitForWrite(
  probe: { writing: () => Promise<boolean> },
  done: () => boolean,
  timeoutMs = 120_000,
): Promise<{ ms: number; writing: boolean }> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs && !done()) {
    if (await probe.writing()) return { ms: performance.now() - started, writing: true };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { ms: performance.now() - started, writing: false };
}

/** Servers this process started and has not stopped yet (stopAllServers ends them). */
const running = new Set<AppServer>();

/** Ends every server still running, e.g. after a failed test left one behind. */
export async function stopAllServers() {
  await Promise.all([...running].map((server) => server.kill()));
}

/** The built server as a child process; its stderr is kept whole. */
export class AppServer {
  stderr = "";
  private process: ChildProcess | undefined;

  constructor(
    readonly port: number,
    private readonly target: () => Target,
  ) {}

  get base() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    ensureBuild();
    // startServer waits for an answer on the port: a server left there would answer instead.
    const taken = await fetch(`${this.base}/favicon.svg`).then(
      () => true,
      () => false,
    );
    if (taken) throw new Error(`Port ${this.port} ist schon belegt.`);
    const t0 = performance.now();
    this.process = await startServer(this.port, this.target().env, {
      onStderr: (text) => {
        this.stderr += text;
      },
    });
    running.add(this);
    if (process.env.HARDENING_DEBUG)
      console.log(`server up in ${Math.round(performance.now() - t0)} ms`);
  }

  /** SIGKILL: no shutdown handler runs, PGlite gets no chance to flush or close. */
  async kill() {
    running.delete(this);
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  async stop() {
    running.delete(this);
    if (this.process) await stopServer(this.process);
  }
}

/** Postgres errors that must never reach a user: deadlock, serialization failure. */
export const TRANSACTION_ERRORS = /40P01|40001|deadlock|could not serialize/i;
/** The same, once per error in a server's log (PostgreSQL's own messages). */
export const TRANSACTION_ERROR_MESSAGES = /deadlock detected|could not serialize access/g;

/** The distinct error lines of a server's log (messages and codes, not the queries). */
export function errorSummary(stderr: string, max = 12): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /error|detected|code:|could not/i.test(l));
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts]
    .slice(0, max)
    .map(([l, n]) => `${n}× ${l.slice(0, 300)}`)
    .join("\n");
}

/** One row of the demand form as posted: every field a string, as the page has it. */
export type FormRow = Required<z.output<typeof demandLineSchema>>;

const FORM_KEYS = Object.keys(demandLineSchema.shape) as (keyof FormRow)[];

const unescapeHtml = (s: string) =>
  s
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");

/** The rows of the demand form in the server-rendered page (`lines.N.*` inputs), in page order. */
export function readDemandForm(html: string): FormRow[] {
  const rows = new Map<number, Partial<FormRow>>();
  for (const [input] of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /\bname="lines\.(\d+)\.(\w+)"/.exec(input);
    if (!name) continue;
    const value = /\bvalue="([^"]*)"/.exec(input)?.[1] ?? "";
    const row = rows.get(Number(name[1])) ?? {};
    row[name[2] as keyof FormRow] = unescapeHtml(value);
    rows.set(Number(name[1]), row);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => Object.fromEntries(FORM_KEYS.map((k) => [k, row[k] ?? ""])) as FormRow);
}

/** What a reader sees of a page: the text of its body without scripts and tags. */
export function visibleText(html: string): string {
  const body = html.slice(Math.max(0, html.indexOf("<body")));
  return unescapeHtml(
    body
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, " ")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

/** The form body a browser posts for these rows (and rows removed with the delete button). */
export function demandFormBody(rows: FormRow[], removed: { id: string; version: string }[] = []) {
  const form = new URLSearchParams({ intent: "save" });
  rows.forEach((row, i) => {
    for (const key of FORM_KEYS) form.set(`lines.${i}.${key}`, row[key]);
  });
  removed.forEach((r, i) => {
    form.set(`removed.${i}.id`, r.id);
    form.set(`removed.${i}.version`, r.version);
  });
  return form.toString();
}

/**
 * Row count and md5 of `select` (its rows as text, sorted), on the database this process has
 * open: two states are the same when their checksums are.
 */
export async function checksum(select: string): Promise<{ n: number; sum: string }> {
  const [row] = await queryRows<{ n: number; sum: string }>(
    await getDb(),
    sql.raw(
      `select count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as sum from (${select}) t`,
    ),
  );
  return row!;
}

export function formatDuration(ms: number) {
  return `${(ms / 1000).toFixed(1)} s`;
}
