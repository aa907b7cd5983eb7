CREATE TABLE "partner_item_deltas" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "partner_item_deltas_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"budget_year" integer NOT NULL,
	"item_id" uuid NOT NULL,
	"kreis" text NOT NULL,
	"bodies" integer NOT NULL,
	"quantity" bigint NOT NULL
);
--> statement-breakpoint
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
-- triggers on demand_lines append each statement's change, per (budget year, item, Landkreis),
-- to partner_item_deltas – an insert, so concurrent saves of bodies in one Landkreis never wait
-- for each other (an upsert into the totals held their rows until commit: the bench's first
-- import took 25× COPY instead of 5.5×). partner_item_totals_fold() moves the deltas into
-- partner_item_totals in a short transaction of its own. Exact figure = totals + deltas.
-- Every writer keeps it exact and the app never writes it. Re-running this file is harmless.

-- A year's rows from the lines (backfill, and after a round's year or a body's AGS changed).
CREATE OR REPLACE FUNCTION partner_item_totals_rebuild(p_year integer) RETURNS void
LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(1885441133, 0); -- no fold meanwhile
  DELETE FROM partner_item_totals WHERE budget_year = p_year;
  DELETE FROM partner_item_deltas WHERE budget_year = p_year;
  INSERT INTO partner_item_totals (budget_year, item_id, kreis, bodies, quantity)
  SELECT r.budget_year, d.item_id, coalesce(left(b.ags, 5), ''), count(DISTINCT d.body_id), sum(d.quantity)
  FROM demand_lines d JOIN rounds r ON r.id = d.round_id JOIN bodies b ON b.id = d.body_id
  WHERE r.budget_year = p_year
  GROUP BY 1, 2, 3;
$$;
--> statement-breakpoint

-- One statement's change, as arrays of its rows (+1 line, +quantity; deleted rows −1,
-- −quantity). A body counts in a (year, item) when it has at least one line there after the
-- statement (its lines in the year's rounds, read by the natural key); it had one before when
-- that count minus the statement's own change was above 0. A transaction-scoped advisory lock
-- per body makes two concurrent saves of the same body (two rounds of one year) count it once.
-- Static SQL (its plan is cached per session), called by the three triggers below.
CREATE OR REPLACE FUNCTION partner_item_totals_add(
  p_round uuid[], p_body uuid[], p_item uuid[], p_n integer[], p_q bigint[]
) RETURNS void
LANGUAGE plpgsql
-- A statement's few rows: the body's lines by the natural key (round_id, body_id, …), never a
-- scan of every line. Stated, because during a bulk import the statistics still describe an
-- empty table and the planner scanned all lines once per statement (the bench's first import
-- took 23× COPY instead of 5×).
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(1885441132, hashtext(body_id::text))
  FROM (SELECT DISTINCT body_id FROM unnest(p_body) AS u(body_id) ORDER BY 1) s;
  WITH changes AS (
    SELECT * FROM unnest(p_round, p_body, p_item, p_n, p_q) AS c(round_id, body_id, item_id, n, q)
  ), keyed AS (
    SELECT r.budget_year, c.body_id, c.item_id, sum(c.n)::int AS dn, sum(c.q)::bigint AS dq
    FROM changes c JOIN rounds r ON r.id = c.round_id
    GROUP BY r.budget_year, c.body_id, c.item_id
  ), after_n AS (
    SELECT r.budget_year, d.body_id, d.item_id, count(*)::int AS n
    FROM (SELECT DISTINCT budget_year, body_id FROM keyed) kb
    JOIN rounds r ON r.budget_year = kb.budget_year
    JOIN demand_lines d ON d.round_id = r.id AND d.body_id = kb.body_id
    GROUP BY 1, 2, 3
  ), counted AS (
    SELECT k.*, coalesce(a.n, 0) AS after_n
    FROM keyed k LEFT JOIN after_n a USING (budget_year, body_id, item_id)
  ), delta AS (
    SELECT k.budget_year, k.item_id, coalesce(left(b.ags, 5), '') AS kreis,
      sum((k.after_n > 0)::int - (k.after_n - k.dn > 0)::int)::int AS bodies,
      sum(k.dq)::bigint AS quantity
    FROM counted k JOIN bodies b ON b.id = k.body_id
    GROUP BY 1, 2, 3
  )
  INSERT INTO partner_item_deltas (budget_year, item_id, kreis, bodies, quantity)
  SELECT budget_year, item_id, kreis, bodies, quantity FROM delta
  WHERE bodies <> 0 OR quantity <> 0;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION partner_item_totals_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM partner_item_totals_add(array_agg(round_id), array_agg(body_id), array_agg(item_id),
    array_agg(1), array_agg(quantity::bigint))
  FROM new_lines;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION partner_item_totals_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM partner_item_totals_add(array_agg(round_id), array_agg(body_id), array_agg(item_id),
    array_agg(-1), array_agg(-quantity::bigint))
  FROM old_lines;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION partner_item_totals_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM partner_item_totals_add(array_agg(round_id), array_agg(body_id), array_agg(item_id),
    array_agg(n), array_agg(q))
  FROM (SELECT round_id, body_id, item_id, 1 AS n, quantity::bigint AS q FROM new_lines
        UNION ALL
        SELECT round_id, body_id, item_id, -1, -quantity::bigint FROM old_lines) c;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Moves the deltas into the totals: one GROUP BY over the deltas, one upsert. Only one fold at a
-- time (a transaction-scoped try-lock; a second caller returns at once, its deltas are folded by
-- the next one). Deltas committed while it runs are not in its snapshot and stay for the next.
-- Through the key only: until vacuum comes the heap is mostly rows deleted by earlier folds (at
-- national scale 1.6 M dead rows, 105 MB, scanned by every fold of the bench's import), while
-- the index skips them after the first visit. Returns the rows folded (-1: another fold ran).
CREATE OR REPLACE FUNCTION partner_item_totals_fold() RETURNS integer
LANGUAGE plpgsql
SET enable_seqscan = off SET enable_bitmapscan = off
AS $$
DECLARE
  moved integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(1885441133, 0) THEN
    RETURN -1;
  END IF;
  WITH gone AS (
    DELETE FROM partner_item_deltas
    WHERE id >= (SELECT min(id) FROM partner_item_deltas)
    RETURNING budget_year, item_id, kreis, bodies, quantity
  ), summed AS (
    SELECT budget_year, item_id, kreis, sum(bodies)::int AS bodies, sum(quantity)::bigint AS quantity,
      count(*)::int AS n
    FROM gone GROUP BY 1, 2, 3
  ), upserted AS (
    INSERT INTO partner_item_totals AS t (budget_year, item_id, kreis, bodies, quantity)
    SELECT budget_year, item_id, kreis, bodies, quantity FROM summed ORDER BY 1, 2, 3
    ON CONFLICT (budget_year, item_id, kreis) DO UPDATE
      SET bodies = t.bodies + excluded.bodies, quantity = t.quantity + excluded.quantity
  )
  SELECT coalesce(sum(n), 0)::int INTO moved FROM summed;
  RETURN moved;
END;
$$;
--> statement-breakpoint
-- The deltas of one year not folded in yet, for the partner finder's list; through the key, as
-- the fold (above).
CREATE OR REPLACE FUNCTION partner_item_deltas_of(p_year integer)
RETURNS TABLE (item_id uuid, kreis text, bodies integer, quantity bigint)
LANGUAGE sql STABLE
SET enable_seqscan = off SET enable_bitmapscan = off
AS $$
  SELECT d.item_id, d.kreis, d.bodies, d.quantity FROM partner_item_deltas d
  WHERE d.id >= (SELECT min(id) FROM partner_item_deltas) AND d.budget_year = p_year;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS demand_lines_partner_totals_insert ON demand_lines;
--> statement-breakpoint
CREATE TRIGGER demand_lines_partner_totals_insert AFTER INSERT ON demand_lines
  REFERENCING NEW TABLE AS new_lines
  FOR EACH STATEMENT EXECUTE FUNCTION partner_item_totals_inserted();
--> statement-breakpoint
DROP TRIGGER IF EXISTS demand_lines_partner_totals_update ON demand_lines;
--> statement-breakpoint
CREATE TRIGGER demand_lines_partner_totals_update AFTER UPDATE ON demand_lines
  REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines
  FOR EACH STATEMENT EXECUTE FUNCTION partner_item_totals_updated();
--> statement-breakpoint
DROP TRIGGER IF EXISTS demand_lines_partner_totals_delete ON demand_lines;
--> statement-breakpoint
CREATE TRIGGER demand_lines_partner_totals_delete AFTER DELETE ON demand_lines
  REFERENCING OLD TABLE AS old_lines
  FOR EACH STATEMENT EXECUTE FUNCTION partner_item_totals_deleted();
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
