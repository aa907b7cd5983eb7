// PostgreSQL roles for production (docs/decisions/006-database-roles.md): an owner role that
// owns the schema and runs the migrations, and a login role for the app that may read and write
// rows but owns nothing. Only an owner or a superuser can disable or drop a trigger, so the app
// cannot switch off the append-only guard on audit_events; it may not even try UPDATE, DELETE or
// TRUNCATE there, because it holds only SELECT and INSERT on that table — nor on the final
// tables of decision 014.

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertRoleName(name: string, what = "Rollenname"): string {
  if (!IDENTIFIER.test(name)) {
    throw new Error(
      `${what} „${name}“ ist ungültig: erlaubt sind Kleinbuchstaben, Ziffern und _ (höchstens 63 Zeichen), am Anfang kein Ziffernzeichen.`,
    );
  }
  return name;
}

/** Schemas the app's tables live in: drizzle's own migration bookkeeping and `public`. */
const SCHEMAS = ["public", "drizzle"] as const;

/**
 * Run once by a superuser (or a role with CREATEROLE that may hand over the database), connected
 * to the target database: creates both roles if missing, makes the owner role own the database,
 * its schemas and every table, type and function already in them (an installation that was
 * migrated as `postgres` before), and lets only the app role connect besides the owner.
 * Passwords are not part of it: set them with `\password` in psql, or use peer/cert auth.
 */
export function createRoleStatements({
  database,
  owner,
  app,
}: {
  database: string;
  owner: string;
  app: string;
}): string[] {
  assertRoleName(database, "Datenbankname");
  assertRoleName(owner);
  assertRoleName(app);
  if (owner === app) throw new Error("Eigentümer- und App-Rolle müssen verschieden sein.");
  return [
    `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${owner}') THEN
    CREATE ROLE ${owner} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app}') THEN
    CREATE ROLE ${app} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS;
  END IF;
END $$`,
    // The app role must not be a member of the owner role (it would inherit ownership or could
    // SET ROLE to it), nor of anything else that owns our objects.
    `DO $$ DECLARE m record; BEGIN
  FOR m IN SELECT g.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid
           WHERE a.member = (SELECT oid FROM pg_roles WHERE rolname = '${app}') LOOP
    EXECUTE format('REVOKE %I FROM ${app}', m.rolname);
  END LOOP;
END $$`,
    `ALTER DATABASE ${database} OWNER TO ${owner}`,
    `REVOKE ALL ON DATABASE ${database} FROM PUBLIC`,
    `GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${app}`,
    `CREATE SCHEMA IF NOT EXISTS drizzle AUTHORIZATION ${owner}`,
    `ALTER SCHEMA drizzle OWNER TO ${owner}`,
    // PostgreSQL 15 lets only the database owner create in public; older versions let everyone.
    `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
    // Hand over what an earlier migration as another role created. Identity and serial
    // sequences follow their table.
    `DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT c.relkind, n.nspname, c.relname FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname IN (${SCHEMAS.map((s) => `'${s}'`).join(", ")})
             AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
             AND pg_get_userbyid(c.relowner) <> '${owner}'
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid
                             AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')) LOOP
    EXECUTE format('ALTER %s %I.%I OWNER TO ${owner}',
      CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                     WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
      r.nspname, r.relname);
  END LOOP;
  FOR r IN SELECT n.nspname, t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = 'public' AND t.typtype = 'e'
             AND pg_get_userbyid(t.typowner) <> '${owner}' LOOP
    EXECUTE format('ALTER TYPE %I.%I OWNER TO ${owner}', r.nspname, r.typname);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS fn FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '${owner}' LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO ${owner}', r.fn);
  END LOOP;
END $$`,
  ];
}

/**
 * Tables whose rows, once written, never change nor go (decision 014): the frozen tender lines,
 * awards and the stored split. The app role may read and add rows there, nothing else; the
 * migration's triggers refuse the same for every role, and guard the tables whose rows are final
 * only from a point on (lots and bids of a published tender or an awarded lot).
 */
export const FINAL_TABLES = [
  "tender_lines",
  "awards",
  "lot_splits",
  "split_groups",
  "split_tie_cents",
  "split_bodies",
  "split_shares",
] as const;

/**
 * What the app role may do, applied by the owner after every migration (db/client.ts does it
 * when DATABASE_APP_ROLE is set), so a table added later is usable at once: rows in every table
 * of `public`, sequences for ids, a look at drizzle's migration list (to verify on start) — and
 * on audit_events and the final tables nothing but SELECT and INSERT.
 */
export function grantAppRoleStatements(app: string): string[] {
  assertRoleName(app);
  return [
    `GRANT USAGE ON SCHEMA public, drizzle TO ${app}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`,
    `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${app}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO ${app}`,
    `REVOKE ALL ON audit_events FROM ${app}`,
    `REVOKE ALL ON audit_events FROM PUBLIC`,
    `GRANT SELECT, INSERT ON audit_events TO ${app}`,
    `REVOKE UPDATE, DELETE ON ${FINAL_TABLES.join(", ")} FROM ${app}`,
  ];
}
