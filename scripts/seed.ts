// Deterministic, idempotent seed: all German municipalities and Landkreise, then the demo
// cooperations with their logins. Running it twice changes nothing the second time.
import { closeDatabase, connection } from "../db/client";
import { seedDatabase } from "./seed-lib";

const started = Date.now();
const { driver } = await connection();
const summary = await seedDatabase();
await closeDatabase();
console.log(
  `Seed fertig (${driver}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
    `${summary.bodies} Körperschaften, ${summary.usersCreated} neue Demo-Konten, ${summary.roundsCreated} neue Demo-Bedarfsabfragen, ${summary.tendersPublished} neue veröffentlichte und ${summary.tendersAwarded} neue vergebene Demo-Ausschreibungen.`,
);
console.log("\nDemo-Zugänge (Passwort für alle: " + summary.password + "):");
for (const user of summary.logins)
  console.log(`  ${user.role.padEnd(14)} ${user.email.padEnd(42)} ${user.body}`);
