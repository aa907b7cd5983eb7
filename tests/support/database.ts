// A fresh, migrated database for one test file: an in-memory PGlite, or — when DATABASE_URL is
// set — a new database on that PostgreSQL server, dropped afterwards. The app's own client
// singleton opens it, so the tests run exactly the code the server runs.
import { randomBytes } from "node:crypto";

import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";

import { closeDatabase, connection, getDb } from "#db/client";

export function useTestDatabase() {
  const serverUrl = process.env.TEST_SERVER_DATABASE_URL ?? process.env.DATABASE_URL;
  let dropName: string | undefined;

  beforeAll(async () => {
    await closeDatabase();
    if (serverUrl) {
      dropName = `bk_test_${process.pid}_${randomBytes(4).toString("hex")}`;
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${dropName}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${dropName}`;
      process.env.TEST_SERVER_DATABASE_URL = serverUrl;
      process.env.DATABASE_URL = url.toString();
    } else {
      process.env.PGLITE_DIR = "memory://";
    }
    await connection();
  });

  afterAll(async () => {
    await closeDatabase();
    if (serverUrl && dropName) {
      process.env.DATABASE_URL = serverUrl;
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${dropName} with (force)`);
      await admin.end();
    }
  });

  return { db: getDb, driver: async () => (await connection()).driver };
}
