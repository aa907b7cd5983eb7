// The hardening tests (issue 7): the built server (run `npm run build` first) under concurrent
// officers and killed mid-write, on PGlite or, with DATABASE_URL, on PostgreSQL. The aliases and
// console guard of the main config; one file at a time, since each starts servers and owns the
// machine's cores while it runs.
import { defineConfig } from "vitest/config";

import base from "../vitest.config";

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["tests/hardening/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
