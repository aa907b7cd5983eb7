// Applies the committed migrations to the configured database (the app also does this on start,
// unless DATABASE_MIGRATIONS=verify). Run it with the owner role's DATABASE_URL; with
// DATABASE_APP_ROLE set it then grants the app role what it needs (docs/operations.md).
import { openDatabase, readDatabaseConfig } from "../db/client";

const config = { ...readDatabaseConfig(), DATABASE_MIGRATIONS: "apply" as const };
const { driver, close } = await openDatabase(config);
await close();
console.log(
  `Migrationen angewendet (${driver})` +
    (config.DATABASE_APP_ROLE ? `; Rechte für ${config.DATABASE_APP_ROLE} gesetzt.` : "."),
);
