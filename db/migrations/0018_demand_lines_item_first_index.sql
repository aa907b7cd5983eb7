DROP INDEX "demand_lines_round_item";--> statement-breakpoint
CREATE INDEX "demand_lines_item_round" ON "demand_lines" USING btree ("item_id","round_id");--> statement-breakpoint
-- The partner totals' functions (0017), measured on a server with autovacuum off (a bulk import
-- runs on the statistics of an empty table): the first import of 3,000 bodies took 33× COPY.
-- Two causes. (1) The insert trigger's join could be turned around and read every line of the
-- round per statement; now a per-(round, body) lookup by the natural key (OFFSET 0 keeps it one).
-- (2) Their `enable_* = off` settings make every plan's cost exceed the JIT thresholds, so each
-- call compiled its query with LLVM: 2.2 s of a 2.3 s trigger call. The statements are small;
-- they run without JIT.
CREATE OR REPLACE FUNCTION partner_item_totals_add(
  p_round uuid[], p_body uuid[], p_item uuid[], p_n integer[], p_q bigint[]
) RETURNS void
LANGUAGE plpgsql
-- A statement's few rows: the body's lines by the natural key (round_id, body_id, …), never a
-- scan of every line. Stated, because during a bulk import the statistics still describe an
-- empty table and the planner scanned all lines once per statement (the bench's first import
-- took 23× COPY instead of 5×).
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off SET jit = off
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
    -- Per (round, body) by the natural key; OFFSET 0 keeps the subquery a per-row lookup, so that
    -- no plan can turn it around and read the round's lines first (what stale statistics chose).
    CROSS JOIN LATERAL (
      SELECT dl.body_id, dl.item_id FROM demand_lines dl
      WHERE dl.round_id = r.id AND dl.body_id = kb.body_id
      OFFSET 0
    ) d
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
ALTER FUNCTION partner_item_totals_fold() SET jit = off;
--> statement-breakpoint
ALTER FUNCTION partner_item_deltas_of(integer) SET jit = off;
