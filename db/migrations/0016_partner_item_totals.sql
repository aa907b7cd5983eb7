CREATE TABLE "partner_item_totals" (
	"budget_year" integer NOT NULL,
	"item_id" uuid NOT NULL,
	"kreis" text NOT NULL,
	"bodies" integer NOT NULL,
	"quantity" bigint NOT NULL,
	CONSTRAINT "partner_item_totals_budget_year_item_id_kreis_pk" PRIMARY KEY("budget_year","item_id","kreis")
);
--> statement-breakpoint

-- The partner finder's aggregate (decision 029) is kept by the database itself: statement
-- triggers on demand_lines add each statement's change, per (budget year, item, Landkreis), so
-- every writer keeps it exact and the app never writes it. Re-running this file is harmless.

-- A year's rows from the lines (backfill, and after a round's year or a body's AGS changed).
CREATE OR REPLACE FUNCTION partner_item_totals_rebuild(p_year integer) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM partner_item_totals WHERE budget_year = p_year;
  INSERT INTO partner_item_totals (budget_year, item_id, kreis, bodies, quantity)
  SELECT r.budget_year, d.item_id, coalesce(left(b.ags, 5), ''), count(DISTINCT d.body_id), sum(d.quantity)
  FROM demand_lines d JOIN rounds r ON r.id = d.round_id JOIN bodies b ON b.id = d.body_id
  WHERE r.budget_year = p_year
  GROUP BY 1, 2, 3;
$$;
--> statement-breakpoint

-- One statement's change. `changes` holds the statement's rows (+1 line, +quantity; deleted
-- rows −1, −quantity). A body counts in a (year, item) when it has at least one line there
-- after the statement; it had one before when the count minus the statement's own change was
-- above 0. A transaction-scoped advisory lock per body makes two concurrent saves of the same
-- body (two rounds of one year) count it once.
CREATE OR REPLACE FUNCTION partner_item_totals_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changes text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    changes := 'SELECT round_id, body_id, item_id, 1, quantity::bigint FROM new_lines';
  ELSIF TG_OP = 'DELETE' THEN
    changes := 'SELECT round_id, body_id, item_id, -1, -quantity::bigint FROM old_lines';
  ELSE
    changes := 'SELECT round_id, body_id, item_id, 1, quantity::bigint FROM new_lines
                UNION ALL SELECT round_id, body_id, item_id, -1, -quantity::bigint FROM old_lines';
  END IF;
  EXECUTE format(
    'SELECT count(pg_advisory_xact_lock(1885441132, hashtext(body_id::text)))
     FROM (SELECT DISTINCT c.body_id FROM (%s) c(round_id, body_id, item_id, n, q) ORDER BY 1) s',
    changes);
  EXECUTE format($q$
    WITH changes(round_id, body_id, item_id, n, q) AS (%s),
    keyed AS (
      SELECT r.budget_year, c.body_id, c.item_id, sum(c.n)::int AS dn, sum(c.q)::bigint AS dq
      FROM changes c JOIN rounds r ON r.id = c.round_id
      GROUP BY r.budget_year, c.body_id, c.item_id
    ), counted AS (
      SELECT k.*, (SELECT count(*) FROM demand_lines d JOIN rounds r ON r.id = d.round_id
                   WHERE r.budget_year = k.budget_year AND d.body_id = k.body_id
                     AND d.item_id = k.item_id)::int AS after_n
      FROM keyed k
    ), delta AS (
      SELECT k.budget_year, k.item_id, coalesce(left(b.ags, 5), '') AS kreis,
        sum((k.after_n > 0)::int - (k.after_n - k.dn > 0)::int)::int AS bodies,
        sum(k.dq)::bigint AS quantity
      FROM counted k JOIN bodies b ON b.id = k.body_id
      GROUP BY 1, 2, 3
    )
    INSERT INTO partner_item_totals AS t (budget_year, item_id, kreis, bodies, quantity)
    SELECT budget_year, item_id, kreis, bodies, quantity FROM delta
    WHERE bodies <> 0 OR quantity <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (budget_year, item_id, kreis) DO UPDATE
      SET bodies = t.bodies + excluded.bodies, quantity = t.quantity + excluded.quantity
  $q$, changes);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS demand_lines_partner_totals_insert ON demand_lines;
--> statement-breakpoint
CREATE TRIGGER demand_lines_partner_totals_insert AFTER INSERT ON demand_lines
  REFERENCING NEW TABLE AS new_lines
  FOR EACH STATEMENT EXECUTE FUNCTION partner_item_totals_apply();
--> statement-breakpoint
DROP TRIGGER IF EXISTS demand_lines_partner_totals_update ON demand_lines;
--> statement-breakpoint
CREATE TRIGGER demand_lines_partner_totals_update AFTER UPDATE ON demand_lines
  REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines
  FOR EACH STATEMENT EXECUTE FUNCTION partner_item_totals_apply();
--> statement-breakpoint
DROP TRIGGER IF EXISTS demand_lines_partner_totals_delete ON demand_lines;
--> statement-breakpoint
CREATE TRIGGER demand_lines_partner_totals_delete AFTER DELETE ON demand_lines
  REFERENCING OLD TABLE AS old_lines
  FOR EACH STATEMENT EXECUTE FUNCTION partner_item_totals_apply();
--> statement-breakpoint

-- A round's lines go before the round does (a cascade would reach the trigger after the round,
-- and with it the budget year, is gone); a changed budget year or AGS rebuilds the years touched.
CREATE OR REPLACE FUNCTION partner_item_totals_round_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM demand_lines WHERE round_id = OLD.id;
  RETURN OLD;
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS rounds_partner_totals_delete ON rounds;
--> statement-breakpoint
CREATE TRIGGER rounds_partner_totals_delete BEFORE DELETE ON rounds
  FOR EACH ROW EXECUTE FUNCTION partner_item_totals_round_deleted();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION partner_item_totals_round_year() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM partner_item_totals_rebuild(OLD.budget_year);
  PERFORM partner_item_totals_rebuild(NEW.budget_year);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS rounds_partner_totals_year ON rounds;
--> statement-breakpoint
CREATE TRIGGER rounds_partner_totals_year AFTER UPDATE OF budget_year ON rounds
  FOR EACH ROW WHEN (OLD.budget_year IS DISTINCT FROM NEW.budget_year)
  EXECUTE FUNCTION partner_item_totals_round_year();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION partner_item_totals_body_ags() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM partner_item_totals_rebuild(y.budget_year) FROM (
    SELECT DISTINCT r.budget_year FROM rounds r
    WHERE EXISTS (SELECT 1 FROM demand_lines d WHERE d.round_id = r.id AND d.body_id = NEW.id)) y;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS bodies_partner_totals_ags ON bodies;
--> statement-breakpoint
CREATE TRIGGER bodies_partner_totals_ags AFTER UPDATE OF ags ON bodies
  FOR EACH ROW WHEN (OLD.ags IS DISTINCT FROM NEW.ags)
  EXECUTE FUNCTION partner_item_totals_body_ags();
--> statement-breakpoint
SELECT partner_item_totals_rebuild(y.budget_year) FROM (SELECT DISTINCT budget_year FROM rounds) y;
