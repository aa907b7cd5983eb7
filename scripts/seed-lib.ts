import { inArray, sql } from "drizzle-orm";

import { getDb } from "../db/client";
import { bodies, users } from "../db/schema";
import { referenceBodies } from "../app/domain/municipalities";
import { roleLabels } from "../app/domain/vocabulary";
import { setBodyBillingData, upsertReferenceBodies } from "../app/modules/access/index.server";
import { createUser, hashPassword } from "../app/modules/access/index.server";
import {
  DEMO_PASSWORD,
  demoBillingData,
  demoCooperations,
  demoUsers,
} from "../tests/factories/demo";

import { readMunicipalities } from "./reference-data";
import { seedCatalogue } from "./seed-catalogue";
import { seedDemoRounds, seedDemoTenders } from "./seed-demo";
import { seedDemoAwards } from "./seed-demo-awards";

export async function seedDatabase() {
  const db = await getDb();
  const reference = referenceBodies(await readMunicipalities());
  await db.transaction((tx) => upsertReferenceBodies(tx, reference));
  await seedCatalogue();

  const wanted = demoUsers();
  const agsList = [...new Set(wanted.map((u) => u.bodyAgs))];
  const bodyRows = await db
    .select({ id: bodies.id, ags: bodies.ags, name: bodies.name })
    .from(bodies)
    .where(inArray(bodies.ags, agsList));
  const bodyByAgs = new Map(bodyRows.map((b) => [b.ags!, b]));
  // Every demo body's Leitweg-ID and invoice address, the leads' billing data (the same values
  // on every run).
  await db.transaction(async (tx) => {
    for (const { ags, data } of demoCooperations.flatMap(demoBillingData)) {
      const body = bodyByAgs.get(ags);
      if (!body) throw new Error(`Demo-Körperschaft ${ags} fehlt in den Referenzdaten.`);
      await setBodyBillingData(tx, { bodyId: body.id, data });
    }
  });
  const existing = new Set(
    (
      await db
        .select({ email: sql<string>`lower(${users.email})` })
        .from(users)
        .where(
          inArray(
            sql`lower(${users.email})`,
            wanted.map((u) => u.email.toLowerCase()),
          ),
        )
    ).map((r) => r.email),
  );
  let usersCreated = 0;
  // One hash for all demo accounts: they share the demo password, and hashing is deliberately slow.
  const missing = wanted.filter((u) => !existing.has(u.email.toLowerCase()));
  const passwordHash = missing.length > 0 ? await hashPassword(DEMO_PASSWORD) : "";
  for (const user of missing) {
    const body = bodyByAgs.get(user.bodyAgs);
    if (!body) throw new Error(`Demo-Körperschaft ${user.bodyAgs} fehlt in den Referenzdaten.`);
    await createUser({
      email: user.email,
      name: user.name,
      role: user.role,
      bodyId: body.id,
      passwordHash,
    });
    usersCreated++;
  }
  const roundsCreated = await seedDemoRounds();
  const tendersPublished = await seedDemoTenders();
  const tendersAwarded = await seedDemoAwards();
  return {
    bodies: reference.length,
    roundsCreated,
    tendersPublished,
    tendersAwarded,
    usersCreated,
    password: DEMO_PASSWORD,
    logins: wanted.map((u) => ({
      role: roleLabels[u.role],
      email: u.email,
      body: bodyByAgs.get(u.bodyAgs)?.name ?? u.bodyAgs,
    })),
  };
}
