import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  resolve: {
    alias: {
      "~": fileURLToPath(new URL("../app", import.meta.url)),
      "#db": fileURLToPath(new URL("../db", import.meta.url)),
    },
  },
  test: {
    globals: true,
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    setupFiles: ["tests/setup/console.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
