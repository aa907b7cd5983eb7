import { defineConfig } from "drizzle-kit";

// Used only to generate migrations from db/schema.ts (which re-exports db/schema/*.ts); the app
// migrates itself (db/client.ts).
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
