CREATE TABLE "call_off_maxima" (
	"lot_id" uuid PRIMARY KEY NOT NULL,
	"tender_id" uuid NOT NULL,
	"bundled_quantity" bigint NOT NULL,
	"reserve_bp" integer NOT NULL,
	"max_quantity" bigint NOT NULL,
	"fixed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_offs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tender_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"called_on" date NOT NULL,
	"budget_year" integer NOT NULL,
	"cost_centre" text NOT NULL,
	"unit_price" bigint NOT NULL,
	"vat_rate_bp" integer NOT NULL,
	"net_cents" bigint NOT NULL,
	"vat_cents" bigint NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tenders" ADD COLUMN "call_off_reserve_bp" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "call_off_maxima" ADD CONSTRAINT "call_off_maxima_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_off_maxima" ADD CONSTRAINT "call_off_maxima_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_offs" ADD CONSTRAINT "call_offs_tender_id_tenders_id_fk" FOREIGN KEY ("tender_id") REFERENCES "public"."tenders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_offs" ADD CONSTRAINT "call_offs_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_offs" ADD CONSTRAINT "call_offs_item_id_catalogue_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalogue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_offs" ADD CONSTRAINT "call_offs_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_offs" ADD CONSTRAINT "call_offs_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_offs_lot" ON "call_offs" USING btree ("lot_id");--> statement-breakpoint
CREATE INDEX "call_offs_tender_body" ON "call_offs" USING btree ("tender_id","body_id","called_on");