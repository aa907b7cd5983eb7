-- What is final stays final, also for the app's own database role (decision 014, DESIGN.md
-- "The record is the product"): a bug or an SQL injection in the app can neither backdate an
-- audit event nor rewrite a published snapshot, a bid of an awarded lot, an award or a stored
-- split. A correction is a new row. The triggers bind every role that cannot switch them off;
-- on PostgreSQL the app role owns nothing (decision 006) and also lacks UPDATE, DELETE and
-- TRUNCATE on the tables that never change (db/roles.ts). Re-running this file is harmless.

-- 1. Audit time is the database's: whatever a client sends for occurred_at is replaced by the
--    moment the row is written. Overwritten rather than refused: the column belongs to the
--    database, the app sends none (app/models/audit.server.ts), and a clock that differs between
--    app and database must not make a change fail.
CREATE OR REPLACE FUNCTION audit_events_stamp_time() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.occurred_at := clock_timestamp();
  RETURN NEW;
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS audit_events_time_from_database ON audit_events;
--> statement-breakpoint
CREATE TRIGGER audit_events_time_from_database
  BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_stamp_time();
--> statement-breakpoint

-- 2. Rows that are never changed nor removed once written: the frozen tender lines, the award,
--    the stored split (decision 010).
CREATE OR REPLACE FUNCTION final_record_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% ist endgültig: % ist nicht erlaubt; eine Korrektur ist ein neuer Eintrag',
    TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['tender_lines', 'awards', 'lot_splits', 'split_groups',
                           'split_tie_cents', 'split_bodies', 'split_shares'] LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_no_update_delete', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I
                    FOR EACH ROW EXECUTE FUNCTION final_record_refuse_change()',
                   t || '_no_update_delete', t);
  END LOOP;
  -- TRUNCATE skips row triggers; refuse it for these tables and for every table above them
  -- whose TRUNCATE … CASCADE would empty them.
  FOREACH t IN ARRAY ARRAY['tender_lines', 'awards', 'lot_splits', 'split_groups',
                           'split_tie_cents', 'split_bodies', 'split_shares', 'tenders', 'lots',
                           'lot_items', 'bids', 'bid_prices'] LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_no_truncate', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I
                    FOR EACH STATEMENT EXECUTE FUNCTION final_record_refuse_change()',
                   t || '_no_truncate', t);
  END LOOP;
END;
$$;
--> statement-breakpoint

-- 3. Tender lines are written once, by the publication, while its tender is still a draft (the
--    status changes last in that transaction). One check per statement over the new rows: the
--    publication writes a million lines with one INSERT … SELECT (decision 008).
CREATE OR REPLACE FUNCTION tender_lines_only_at_publication() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM (SELECT DISTINCT tender_id FROM new_lines) n
             LEFT JOIN tenders t ON t.id = n.tender_id
             WHERE t.status IS DISTINCT FROM 'draft') THEN
    RAISE EXCEPTION 'tender_lines ist endgültig: Zeilen entstehen nur bei der Veröffentlichung eines Entwurfs'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS tender_lines_insert_at_publication ON tender_lines;
--> statement-breakpoint
CREATE TRIGGER tender_lines_insert_at_publication
  AFTER INSERT ON tender_lines
  REFERENCING NEW TABLE AS new_lines
  FOR EACH STATEMENT EXECUTE FUNCTION tender_lines_only_at_publication();
--> statement-breakpoint

-- 4. The published tender's lots and items (with their bands and bundled quantities) change only
--    while the tender is a draft, which includes the publication's own writes. A row whose
--    tender is gone is the cascade of a draft's deletion (a published tender cannot be deleted,
--    see 5.).
CREATE OR REPLACE FUNCTION tender_snapshot_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_status tender_status;
  new_status tender_status;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT status INTO old_status FROM tenders WHERE id = OLD.tender_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT status INTO new_status FROM tenders WHERE id = NEW.tender_id;
  END IF;
  IF old_status <> 'draft' OR new_status <> 'draft' THEN
    RAISE EXCEPTION '% einer veröffentlichten Ausschreibung ist endgültig: % ist nicht erlaubt',
      TG_TABLE_NAME, TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN COALESCE(NEW, OLD);  -- NEW is null for DELETE
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS lots_only_in_draft ON lots;
--> statement-breakpoint
CREATE TRIGGER lots_only_in_draft
  BEFORE INSERT OR UPDATE OR DELETE ON lots
  FOR EACH ROW EXECUTE FUNCTION tender_snapshot_refuse_change();
--> statement-breakpoint
DROP TRIGGER IF EXISTS lot_items_only_in_draft ON lot_items;
--> statement-breakpoint
CREATE TRIGGER lot_items_only_in_draft
  BEFORE INSERT OR UPDATE OR DELETE ON lot_items
  FOR EACH ROW EXECUTE FUNCTION tender_snapshot_refuse_change();
--> statement-breakpoint

-- 5. A published (or cancelled) tender is never deleted and never a draft again: either would
--    reopen 3. and 4.
CREATE OR REPLACE FUNCTION tenders_refuse_unpublish() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'draft' AND (TG_OP = 'DELETE' OR NEW.status = 'draft') THEN
    RAISE EXCEPTION 'Die Ausschreibung ist veröffentlicht: % zurück zum Entwurf oder Löschen ist nicht erlaubt',
      TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN COALESCE(NEW, OLD);  -- NEW is null for DELETE
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS tenders_stay_published ON tenders;
--> statement-breakpoint
CREATE TRIGGER tenders_stay_published
  BEFORE UPDATE OR DELETE ON tenders
  FOR EACH ROW EXECUTE FUNCTION tenders_refuse_unpublish();
--> statement-breakpoint

-- 6. Bids and their prices are recorded, corrected (quality points) or deleted until their lot
--    is awarded; from then on none is added, changed or removed. A bid's prices that go with
--    the bid's own deletion find no bid any more and pass.
CREATE OR REPLACE FUNCTION bids_refuse_after_award() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM awards WHERE lot_id = OLD.lot_id))
     OR (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM awards WHERE lot_id = NEW.lot_id)) THEN
    RAISE EXCEPTION 'Der Zuschlag für das Los ist erteilt: % auf bids ist nicht mehr erlaubt', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN COALESCE(NEW, OLD);  -- NEW is null for DELETE
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION bid_prices_refuse_after_award() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM bids b JOIN awards a ON a.lot_id = b.lot_id
                                    WHERE b.id = OLD.bid_id))
     OR (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM bids b JOIN awards a ON a.lot_id = b.lot_id
                                       WHERE b.id = NEW.bid_id)) THEN
    RAISE EXCEPTION 'Der Zuschlag für das Los ist erteilt: % auf bid_prices ist nicht mehr erlaubt', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN COALESCE(NEW, OLD);  -- NEW is null for DELETE
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS bids_fixed_after_award ON bids;
--> statement-breakpoint
CREATE TRIGGER bids_fixed_after_award
  BEFORE INSERT OR UPDATE OR DELETE ON bids
  FOR EACH ROW EXECUTE FUNCTION bids_refuse_after_award();
--> statement-breakpoint
DROP TRIGGER IF EXISTS bid_prices_fixed_after_award ON bid_prices;
--> statement-breakpoint
CREATE TRIGGER bid_prices_fixed_after_award
  BEFORE INSERT OR UPDATE OR DELETE ON bid_prices
  FOR EACH ROW EXECUTE FUNCTION bid_prices_refuse_after_award();
