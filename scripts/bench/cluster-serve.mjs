// Several server processes (scripts/serve.mjs) behind one port, for the benchmark's experiment
// (`--http-processes N`, scripts/bench.ts stage 6): Node's cluster primary accepts the
// connections and hands them round-robin to N workers, each a plain `scripts/serve.mjs
// ./build/index.js` with its own database pool. PostgreSQL only: PGlite's data directory has one owner.
/* global process, setTimeout */
import cluster from "node:cluster";
import { resolve } from "node:path";

const workers = Number(process.env.BENCH_SERVER_PROCESSES ?? 2);

if (cluster.isPrimary) {
  let listening = 0;
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("listening", () => {
    if (++listening === workers) process.stderr.write(`cluster: ${workers} workers listening\n`);
  });
  cluster.on("exit", (worker, code, signal) => {
    if (!stopping)
      process.stderr.write(`worker ${worker.process.pid} exited (${signal ?? code})\n`);
    if (stopping && Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
      setTimeout(() => process.exit(0), 5_000).unref();
    });
  }
} else {
  process.argv[1] = resolve("scripts/serve.mjs");
  process.argv[2] = "./build/index.js";
  await import("../serve.mjs");
}
