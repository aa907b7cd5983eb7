// Liveness of the app process, for a load balancer or a monitor: answers without touching the
// database, so it says "the Node process serves requests", nothing about PostgreSQL. It is also
// the benchmark's baseline route (scripts/bench.ts, stage 6): what a request through Express and
// Remix costs on the same server when no page is rendered and no query runs.
export function loader() {
  return Response.json(
    { status: "ok" },
    { headers: { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } },
  );
}
