ALTER TABLE "tender_lines" DROP CONSTRAINT "tender_lines_tender_id_tenders_id_fk";
--> statement-breakpoint
ALTER TABLE "tender_lines" DROP CONSTRAINT "tender_lines_lot_id_lots_id_fk";
--> statement-breakpoint
ALTER TABLE "tender_lines" DROP CONSTRAINT "tender_lines_body_id_bodies_id_fk";
--> statement-breakpoint
ALTER TABLE "tender_lines" DROP CONSTRAINT "tender_lines_item_id_catalogue_items_id_fk";
