-- Demand lines are changed in place (quantities, notes) many times before a round closes, and
-- no indexed column changes then. With room left on each page PostgreSQL updates such a row as a
-- heap-only tuple: no new entries in the three indexes (decision 008).
ALTER TABLE "demand_lines" SET (fillfactor = 80);
