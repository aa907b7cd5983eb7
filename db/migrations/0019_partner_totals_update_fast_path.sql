-- The partner totals' update trigger (0017) sent every updated line through
-- partner_item_totals_add: a per-body advisory lock and a look-up of the body's lines in the
-- year's rounds, to learn whether the body starts or stops counting for an item. A line whose
-- round, body and item stay the same cannot change that (it counts +1 after and −1 before in the
-- same (year, body, item)): its only effect is the change of its quantity. Every update the app
-- makes is of that kind (a re-import changing every line, a form save), so those lines now add
-- their quantity change directly; only lines moved to another round, body or item take the
-- general path. The sums are the same as before (issue 19, stage 1b; docs/performance.md).
CREATE OR REPLACE FUNCTION partner_item_totals_updated() RETURNS trigger
LANGUAGE plpgsql
-- As partner_item_totals_add (0017/0018): through the keys, never a scan of bodies or rounds on
-- the statistics of an empty table, and without JIT.
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off SET jit = off
AS $$
BEGIN
  -- A line is kept when its id appears before and after with the same round, body and item.
  WITH c AS (
    SELECT id, round_id, body_id, item_id, quantity::bigint AS q FROM new_lines
    UNION ALL
    SELECT id, round_id, body_id, item_id, -quantity::bigint FROM old_lines
  ), kept AS (
    SELECT round_id, body_id, item_id, sum(q) AS dq FROM c
    GROUP BY id, round_id, body_id, item_id
    HAVING count(*) = 2
  ), per_body AS (
    SELECT round_id, body_id, item_id, sum(dq) AS dq FROM kept
    GROUP BY round_id, body_id, item_id
    HAVING sum(dq) <> 0
  )
  INSERT INTO partner_item_deltas (budget_year, item_id, kreis, bodies, quantity)
  SELECT r.budget_year, k.item_id, coalesce(left(b.ags, 5), ''), 0, sum(k.dq)::bigint
  FROM per_body k JOIN rounds r ON r.id = k.round_id JOIN bodies b ON b.id = k.body_id
  GROUP BY r.budget_year, k.item_id, coalesce(left(b.ags, 5), '')
  HAVING sum(k.dq) <> 0;
  -- Lines moved to another round, body or item: their old key −1, their new key +1.
  PERFORM partner_item_totals_add(array_agg(round_id), array_agg(body_id), array_agg(item_id),
    array_agg(n), array_agg(q))
  FROM (
    SELECT round_id, body_id, item_id, n, q,
      count(*) OVER (PARTITION BY id, round_id, body_id, item_id) AS copies
    FROM (SELECT id, round_id, body_id, item_id, 1 AS n, quantity::bigint AS q FROM new_lines
          UNION ALL
          SELECT id, round_id, body_id, item_id, -1, -quantity::bigint FROM old_lines) c
  ) moved
  WHERE copies = 1
  HAVING count(*) > 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- The general path (0018) joined each changed (year, body, item) to the body's counted lines by
-- a nested loop over their sorted aggregate (hash and merge joins are off here, see 0017): 100
-- lines × 100 rescans, 1.3 of the insert trigger's 1.6 ms per body of a first import. Now the
-- changes and the body's lines are counted in one sort and group, without a join.
CREATE OR REPLACE FUNCTION partner_item_totals_add(
  p_round uuid[], p_body uuid[], p_item uuid[], p_n integer[], p_q bigint[]
) RETURNS void
LANGUAGE plpgsql
SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off SET jit = off
AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(1885441132, hashtext(body_id::text))
  FROM (SELECT DISTINCT body_id FROM unnest(p_body) AS u(body_id) ORDER BY 1) s;
  WITH changes AS (
    SELECT * FROM unnest(p_round, p_body, p_item, p_n, p_q) AS c(round_id, body_id, item_id, n, q)
  ), keyed AS (
    SELECT r.budget_year, c.body_id, c.item_id, c.n, c.q
    FROM changes c JOIN rounds r ON r.id = c.round_id
  ), lines AS (
    -- The body's lines in the year's rounds after the statement, per (round, body) by the
    -- natural key; OFFSET 0 keeps the subquery a per-row lookup (0018).
    SELECT r.budget_year, d.body_id, d.item_id
    FROM (SELECT DISTINCT budget_year, body_id FROM keyed) kb
    JOIN rounds r ON r.budget_year = kb.budget_year
    CROSS JOIN LATERAL (
      SELECT dl.body_id, dl.item_id FROM demand_lines dl
      WHERE dl.round_id = r.id AND dl.body_id = kb.body_id
      OFFSET 0
    ) d
  ), counted AS (
    SELECT budget_year, body_id, item_id, sum(dn)::int AS dn, sum(dq)::bigint AS dq,
      sum(after_n)::int AS after_n
    FROM (SELECT budget_year, body_id, item_id, n AS dn, q AS dq, 0 AS after_n, true AS changed
          FROM keyed
          UNION ALL
          SELECT budget_year, body_id, item_id, 0, 0, 1, false FROM lines) u
    GROUP BY budget_year, body_id, item_id
    HAVING bool_or(changed)
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
