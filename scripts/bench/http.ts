// HTTP stage of the benchmark: the built server (scripts/serve.mjs) on loopback, autocannon against
// the demand page, the save action and a route without database, same connections and time.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { serverNodeFlags } from "./lib";

type Histogram = {
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  average: number;
  max: number;
};
export type CannonResult = {
  latency: Histogram;
  requests: { total: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  "2xx": number;
  "3xx": number;
  "4xx": number;
  "5xx": number;
};
type CannonRequest = {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: CannonRequest) => CannonRequest;
};
type Autocannon = (
  opts: {
    url: string;
    connections: number;
    duration: number;
    requests?: CannonRequest[];
    headers?: Record<string, string>;
  },
  cb: (err: unknown, result: CannonResult) => void,
) => { on: (event: "response", fn: (...args: unknown[]) => void) => void };

const require = createRequire(import.meta.url);
const autocannon = require("autocannon") as Autocannon;

export function ensureBuild() {
  if (existsSync("build/index.js")) return "present";
  const r = spawnSync("npm", ["run", "build"], { stdio: "ignore" });
  if (r.status !== 0) throw new Error("npm run build failed");
  return "built";
}

/** A port of the benchmark's range (3320–3339; 3310 is the browser tests'), by process id. */
export const benchPort = () => 3320 + (process.pid % 20);

/**
 * The built server on loopback, ready once Remix answers `/status` (and, with `processes` > 1,
 * once every worker of the cluster listens). `onStderr` sees all of its error output (the
 * hardening tests grep it for deadlocks); the error thrown keeps the tail.
 */
export async function startServer(
  port: number,
  env: Record<string, string>,
  { onStderr, processes = 1 }: { onStderr?: (text: string) => void; processes?: number } = {},
): Promise<ChildProcess> {
  // node itself (not npx), so that killing it stops the server and not just a wrapper
  // WEB_CONCURRENCY: scripts/serve.mjs runs a node:cluster of that many workers, as `npm start`.
  const server = spawn(
    process.execPath,
    [...serverNodeFlags(), "scripts/serve.mjs", "./build/index.js"],
    {
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        NODE_ENV: "production",
        WEB_CONCURRENCY: String(processes),
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  let workersReady = processes <= 1;
  server.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
    if (stderr.includes("workers listening")) workersReady = true;
    onStderr?.(d.toString());
  });
  for (let i = 0; i < 150; i++) {
    if (server.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      if (workersReady && (await fetch(`http://127.0.0.1:${port}/status`)).ok) return server;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill("SIGTERM");
  throw new Error(`server did not start: ${stderr}`);
}

export async function stopServer(server: ChildProcess) {
  if (server.exitCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (server.exitCode === null) server.kill("SIGKILL");
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

/** autocannon's run plus p50/p95/p99 over every response time (its histogram has no p95). */
export function cannon(
  url: string,
  connections: number,
  seconds: number,
  requests: CannonRequest[],
): Promise<CannonResult & { p50: number; p95: number; p99: number }> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections, duration: seconds, requests },
      (err, result) => {
        if (err) return reject(err instanceof Error ? err : new Error(String(err)));
        const sorted = times.sort((a, b) => a - b);
        resolve({
          ...result,
          p50: percentile(sorted, 50),
          p95: percentile(sorted, 95),
          p99: percentile(sorted, 99),
        });
      },
    );
    instance.on("response", (...args: unknown[]) => {
      times.push(Number(args[3]));
    });
  });
}

/** Requests that failed: socket errors, timeouts, 4xx and 5xx (3xx is the save's redirect). */
export const failures = (r: CannonResult) => r.errors + r.timeouts + r["4xx"] + r["5xx"];
