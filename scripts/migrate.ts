// Applies the committed migrations to the configured database (the app also does this on start).
import { closeDatabase, connection } from "../db/client";

const { driver } = await connection();
await closeDatabase();
console.log(`Migrationen angewendet (${driver}).`);
