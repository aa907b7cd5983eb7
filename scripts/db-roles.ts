// Sets up the PostgreSQL roles (docs/operations.md, decision 006): prints the SQL, or with
// --apply runs it over DATABASE_URL, which must be a superuser's connection to the target
// database. Once per installation; afterwards migrations run as the owner role.
//
//   npm run db:roles -- --owner buendelkauf_owner --app buendelkauf_app [--apply]
import { parseArgs } from "node:util";

import postgres from "postgres";

import { createRoleStatements } from "../db/roles";

const { values } = parseArgs({
  options: {
    owner: { type: "string", default: "buendelkauf_owner" },
    app: { type: "string", default: "buendelkauf_app" },
    database: { type: "string" },
    apply: { type: "boolean", default: false },
  },
});

const url = process.env.DATABASE_URL;
const database = values.database ?? (url ? new URL(url).pathname.slice(1) : undefined);
if (!database) {
  console.error("Bitte --database angeben oder DATABASE_URL setzen.");
  process.exit(1);
}
const statements = createRoleStatements({ database, owner: values.owner, app: values.app });

if (!values.apply) {
  console.log(statements.map((s) => `${s};`).join("\n\n"));
} else {
  if (!url) {
    console.error("--apply braucht DATABASE_URL (Superuser, Zieldatenbank).");
    process.exit(1);
  }
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client.begin(async (tx) => {
      for (const statement of statements) await tx.unsafe(statement);
    });
  } finally {
    await client.end({ timeout: 5 });
  }
  console.log(
    `Rollen eingerichtet: Eigentümer ${values.owner}, Anwendung ${values.app} (Datenbank ${database}).\n` +
      `Weiter: Passwörter setzen, dann DATABASE_URL=<als ${values.owner}> DATABASE_APP_ROLE=${values.app} npm run db:migrate.`,
  );
}
