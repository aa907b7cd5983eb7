CREATE TABLE "lot_states" (
	"lot_id" uuid PRIMARY KEY NOT NULL,
	"tender_id" uuid NOT NULL,
	"status" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"information_sent_at" timestamp with time zone,
	"information_electronic" boolean,
	"informed_bid_id" uuid,
	"informed_reason" text DEFAULT '' NOT NULL,
	"cancellation_ground" text,
	"cancellation_justification" text,
	CONSTRAINT "lot_states_status_known" CHECK ("lot_states"."status" in ('draft', 'published', 'offers-closed', 'evaluation', 'awarded', 'completed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "tender_round_items" (
	"round_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"tender_id" uuid NOT NULL,
	CONSTRAINT "tender_round_items_round_id_item_id_pk" PRIMARY KEY("round_id","item_id")
);
--> statement-breakpoint
ALTER TABLE "lot_states" ADD CONSTRAINT "lot_states_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_states" ADD CONSTRAINT "lot_states_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_states" ADD CONSTRAINT "lot_states_informed_bid_id_bids_id_fk" FOREIGN KEY ("informed_bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_round_items" ADD CONSTRAINT "tender_round_items_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_round_items" ADD CONSTRAINT "tender_round_items_round_item_fk" FOREIGN KEY ("round_id","item_id") REFERENCES "public"."round_items"("round_id","item_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lot_states_tender" ON "lot_states" USING btree ("tender_id");--> statement-breakpoint
CREATE INDEX "tender_round_items_tender" ON "tender_round_items" USING btree ("tender_id");--> statement-breakpoint
-- Existing published lots take the status their tender shows: published (evaluation once bids
-- were opened), awarded where the lot has its award, cancelled with a cancelled tender.
INSERT INTO "lot_states" ("lot_id", "tender_id", "status", "changed_at")
  SELECT l."id", l."tender_id", CASE
      WHEN t."status" = 'cancelled' THEN 'cancelled'
      WHEN EXISTS (SELECT 1 FROM "awards" a WHERE a."lot_id" = l."id") THEN 'awarded'
      WHEN EXISTS (SELECT 1 FROM "bids" b WHERE b."lot_id" = l."id") THEN 'evaluation'
      ELSE 'published' END,
    coalesce(t."published_at", t."created_at")
  FROM "lots" l JOIN "tenders" t ON t."id" = l."tender_id"
  WHERE t."status" <> 'draft';--> statement-breakpoint
-- Existing tenders claim their rounds' items, oldest first; a later tender that bundled the same
-- round again keeps its lots but not the claim.
INSERT INTO "tender_round_items" ("round_id", "item_id", "tender_id")
  SELECT ri."round_id", ri."item_id", tr."tender_id"
  FROM "tender_rounds" tr
  JOIN "tenders" t ON t."id" = tr."tender_id" AND t."status" <> 'cancelled'
  JOIN "round_items" ri ON ri."round_id" = tr."round_id"
  ORDER BY t."created_at", t."id"
  ON CONFLICT DO NOTHING;
