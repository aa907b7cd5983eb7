// Helpers of the benchmark (scripts/bench.ts): arguments, a seeded PRNG, medians, RSS sampling,
// the result table. Nothing here touches the database.
import { readFileSync } from "node:fs";
import os from "node:os";
import { Writable } from "node:stream";
import v8 from "node:v8";
import vm from "node:vm";

/**
 * The node options `npm start` runs the server with (package.json's start script; none today):
 * the bench's server and export children run with them too, since options such as
 * `--max-old-space-size` decide how far V8 lets the heap grow before a full collection
 * (decision 043).
 */
export function serverNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as {
    scripts: { start: string };
  };
  const flags = /\bnode((?: --\S+)*) scripts\/serve\.mjs/.exec(scripts.start)?.[1];
  if (flags === undefined) throw new Error("package.json: start does not run scripts/serve.mjs");
  return flags.split(" ").filter(Boolean);
}

export type BenchArgs = {
  scale: number;
  items: number;
  runs: number;
  stages: Set<number>;
  seed: number;
  concurrency: number | undefined;
  httpSeconds: number;
  connections: number;
  /** stage 6 experiment: N server processes behind one port (Node's cluster; PostgreSQL only) */
  httpProcesses: number;
};

export const FULL_SCALE = 10_751;

export function parseArgs(argv: string[]): BenchArgs {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`--${name} needs a value`);
    return v;
  };
  const int = (name: string, fallback: number, min = 1) => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v.replaceAll("_", ""));
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name}: an integer ≥ ${min}`);
    return n;
  };
  const stages = value("stages");
  const concurrency = value("concurrency");
  return {
    scale: int("scale", FULL_SCALE),
    items: int("items", 100),
    runs: int("runs", 3),
    stages: new Set(
      stages ? stages.split(",").map((s) => Number(s.trim())) : [1, 2, 3, 4, 5, 6, 7],
    ),
    seed: int("seed", 20_261_123, 0),
    concurrency: concurrency === undefined ? undefined : int("concurrency", 1),
    httpSeconds: int("http-seconds", 10),
    connections: int("connections", 100),
    httpProcesses: int("http-processes", 0),
  };
}

/** mulberry32: a small seeded PRNG, so every run generates the same round. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as (() => void) | undefined;

/** Runs `work`, sampling RSS every 50 ms; wall time in ms and the peak RSS in bytes. */
export async function measure<T>(
  work: () => Promise<T>,
): Promise<{ ms: number; peakRss: number; value: T }> {
  gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  try {
    const value = await work();
    const ms = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { ms, peakRss: peak, value };
  } finally {
    clearInterval(timer);
  }
}

/** `runs` measurements of `work`; medians of time and of peak RSS. */
export async function repeat(
  runs: number,
  work: (run: number) => Promise<unknown>,
): Promise<{ ms: number; peakRss: number; all: number[] }> {
  const times: number[] = [];
  const peaks: number[] = [];
  for (let run = 0; run < runs; run++) {
    const r = await measure(() => work(run));
    times.push(r.ms);
    peaks.push(r.peakRss);
  }
  return { ms: median(times), peakRss: median(peaks), all: times };
}

/** A sink that only counts bytes. */
export function countingSink() {
  let bytes = 0;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  const finished = new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
  });
  return { stream, finished, bytes: () => bytes };
}

export type Row = {
  stage: string;
  product: string;
  baseline: string;
  /** product median (ms) */
  productMs?: number;
  baselineMs?: number;
  ratio?: number;
  productPeakRssMB?: number;
  baselinePeakRssMB?: number;
  target?: string;
  met?: boolean;
  skipped?: string;
  note?: string;
  extra?: Record<string, unknown>;
};

export const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return "–";
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
}

/** The result table as Markdown (printed and pasted into docs/performance.md). */
export function formatTable(rows: Row[]): string {
  const head = [
    "Stage",
    "Product",
    "median",
    "Baseline",
    "median",
    "ratio",
    "target",
    "peak RSS (product / baseline)",
  ];
  const lines = [
    `| ${head.join(" | ")} |`,
    `| ${head.map((_, i) => (i === 2 || i === 4 || i === 5 ? "---:" : "---")).join(" | ")} |`,
  ];
  for (const r of rows) {
    if (r.skipped) {
      lines.push(
        `| ${r.stage} | ${r.product} | skipped: ${r.skipped} | ${r.baseline} | | | ${r.target ?? ""} | |`,
      );
      continue;
    }
    const rss =
      r.productPeakRssMB !== undefined
        ? `${r.productPeakRssMB} MB / ${r.baselinePeakRssMB ?? "–"} MB`
        : "";
    const ratio = r.ratio === undefined ? "–" : `${r.ratio.toFixed(2)}×`;
    const target = r.target ? `${r.target}${r.met === undefined ? "" : r.met ? " ✓" : " ✗"}` : "";
    lines.push(
      `| ${r.stage} | ${r.product} | ${formatMs(r.productMs)} | ${r.baseline} | ${formatMs(r.baselineMs)} | ${ratio} | ${target} | ${rss} |`,
    );
  }
  return lines.join("\n");
}

export function machine() {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    totalMemMB: mb(os.totalmem()),
    node: process.version,
  };
}
