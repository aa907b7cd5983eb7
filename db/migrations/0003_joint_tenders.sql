CREATE TYPE "public"."award_criteria" AS ENUM('price', 'price-quality');--> statement-breakpoint
CREATE TYPE "public"."pricing_rule" AS ENUM('all-units', 'incremental');--> statement-breakpoint
CREATE TYPE "public"."shared_cost_kind" AS ENUM('delivery', 'admin-fixed', 'admin-percent');--> statement-breakpoint
CREATE TYPE "public"."shared_cost_payers" AS ENUM('all', 'non-lead');--> statement-breakpoint
CREATE TYPE "public"."split_key" AS ENUM('value', 'quantity', 'population', 'equal', 'savings');--> statement-breakpoint
CREATE TYPE "public"."tender_status" AS ENUM('draft', 'published', 'cancelled');--> statement-breakpoint
CREATE TABLE "awards" (
	"lot_id" uuid PRIMARY KEY NOT NULL,
	"tender_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"awarded_by" uuid NOT NULL,
	"awarded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bid_prices" (
	"bid_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"band_index" integer NOT NULL,
	"unit_price" bigint NOT NULL,
	CONSTRAINT "bid_prices_bid_id_item_id_band_index_pk" PRIMARY KEY("bid_id","item_id","band_index")
);
--> statement-breakpoint
CREATE TABLE "bids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"bidder_name" text NOT NULL,
	"bidder_address" text DEFAULT '' NOT NULL,
	"quality_points" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lot_items" (
	"lot_id" uuid NOT NULL,
	"tender_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"band_min_qty" integer[] NOT NULL,
	"bundled_quantity" bigint,
	CONSTRAINT "lot_items_lot_id_item_id_pk" PRIMARY KEY("lot_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "lots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"category" "item_category" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"name" text NOT NULL,
	"weight_bp" integer NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shared_costs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"kind" "shared_cost_kind" NOT NULL,
	"label" text NOT NULL,
	"amount_cents" bigint,
	"percent_bp" integer,
	"vat_rate_bp" integer NOT NULL,
	"key" "split_key" DEFAULT 'value' NOT NULL,
	"payers" "shared_cost_payers" DEFAULT 'all' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tender_lines" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tender_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tender_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"source_line_id" uuid,
	"quantity" integer NOT NULL,
	"cost_centre" text NOT NULL,
	"product" text NOT NULL,
	"ledger_account" text NOT NULL,
	"delivery_address" text NOT NULL,
	"note" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tender_participants" (
	"tender_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	CONSTRAINT "tender_participants_tender_id_body_id_pk" PRIMARY KEY("tender_id","body_id")
);
--> statement-breakpoint
CREATE TABLE "tender_rounds" (
	"tender_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	CONSTRAINT "tender_rounds_tender_id_round_id_pk" PRIMARY KEY("tender_id","round_id")
);
--> statement-breakpoint
CREATE TABLE "tenders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lead_body_id" uuid NOT NULL,
	"reference_number" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"pricing" "pricing_rule" DEFAULT 'all-units' NOT NULL,
	"framework" boolean DEFAULT false NOT NULL,
	"term_months" integer DEFAULT 12 NOT NULL,
	"term_reason" text DEFAULT '' NOT NULL,
	"contract_start" date NOT NULL,
	"criteria" "award_criteria" DEFAULT 'price' NOT NULL,
	"price_weight_bp" integer DEFAULT 10000 NOT NULL,
	"submission_deadline" timestamp with time zone NOT NULL,
	"status" "tender_status" DEFAULT 'draft' NOT NULL,
	"procedure" text,
	"procedure_reason" text DEFAULT '' NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_awarded_by_users_id_fk" FOREIGN KEY ("awarded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_prices" ADD CONSTRAINT "bid_prices_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_prices" ADD CONSTRAINT "bid_prices_item_id_catalogue_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalogue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_items" ADD CONSTRAINT "lot_items_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_items" ADD CONSTRAINT "lot_items_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_items" ADD CONSTRAINT "lot_items_item_id_catalogue_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalogue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_criteria" ADD CONSTRAINT "quality_criteria_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_costs" ADD CONSTRAINT "shared_costs_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_costs" ADD CONSTRAINT "shared_costs_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_lines" ADD CONSTRAINT "tender_lines_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_lines" ADD CONSTRAINT "tender_lines_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_lines" ADD CONSTRAINT "tender_lines_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_lines" ADD CONSTRAINT "tender_lines_item_id_catalogue_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalogue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_participants" ADD CONSTRAINT "tender_participants_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_participants" ADD CONSTRAINT "tender_participants_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_rounds" ADD CONSTRAINT "tender_rounds_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tender_rounds" ADD CONSTRAINT "tender_rounds_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenders" ADD CONSTRAINT "tenders_lead_body_id_bodies_id_fk" FOREIGN KEY ("lead_body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenders" ADD CONSTRAINT "tenders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bids_lot" ON "bids" USING btree ("lot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lot_items_tender_item_unique" ON "lot_items" USING btree ("tender_id","item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "lots_tender_number_unique" ON "lots" USING btree ("tender_id","number");--> statement-breakpoint
CREATE INDEX "shared_costs_lot" ON "shared_costs" USING btree ("lot_id");--> statement-breakpoint
CREATE INDEX "tender_lines_lot_body" ON "tender_lines" USING btree ("lot_id","body_id");--> statement-breakpoint
CREATE INDEX "tender_lines_tender_body" ON "tender_lines" USING btree ("tender_id","body_id");--> statement-breakpoint
CREATE INDEX "tender_participants_body" ON "tender_participants" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "tender_rounds_round" ON "tender_rounds" USING btree ("round_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tenders_lead_reference_unique" ON "tenders" USING btree ("lead_body_id","reference_number");--> statement-breakpoint
CREATE INDEX "tenders_status" ON "tenders" USING btree ("status","published_at");