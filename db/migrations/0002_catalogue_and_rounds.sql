CREATE TYPE "public"."item_category" AS ENUM('consumable', 'license');--> statement-breakpoint
CREATE TYPE "public"."round_status" AS ENUM('draft', 'open', 'closed');--> statement-breakpoint
CREATE TABLE "catalogue_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"unit" text NOT NULL,
	"cpv_code" varchar(10) NOT NULL,
	"category" "item_category" NOT NULL,
	"vat_rate_bp" integer NOT NULL,
	"reference_price" bigint NOT NULL,
	"attributes" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cpv_codes" (
	"code" varchar(10) PRIMARY KEY NOT NULL,
	"label_de" text NOT NULL,
	"label_en" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demand_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"cost_centre" text DEFAULT '' NOT NULL,
	"product" text DEFAULT '' NOT NULL,
	"ledger_account" text DEFAULT '' NOT NULL,
	"delivery_address" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "demand_lines_quantity_positive" CHECK ("demand_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "round_invitations" (
	"round_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"no_demand_at" timestamp with time zone,
	CONSTRAINT "round_invitations_round_id_body_id_pk" PRIMARY KEY("round_id","body_id")
);
--> statement-breakpoint
CREATE TABLE "round_items" (
	"round_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "round_items_round_id_item_id_pk" PRIMARY KEY("round_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lead_body_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"budget_year" integer NOT NULL,
	"status" "round_status" DEFAULT 'draft' NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalogue_items" ADD CONSTRAINT "catalogue_items_cpv_code_cpv_codes_code_fk" FOREIGN KEY ("cpv_code") REFERENCES "public"."cpv_codes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_lines" ADD CONSTRAINT "demand_lines_round_id_body_id_round_invitations_round_id_body_id_fk" FOREIGN KEY ("round_id","body_id") REFERENCES "public"."round_invitations"("round_id","body_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_lines" ADD CONSTRAINT "demand_lines_round_id_item_id_round_items_round_id_item_id_fk" FOREIGN KEY ("round_id","item_id") REFERENCES "public"."round_items"("round_id","item_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_invitations" ADD CONSTRAINT "round_invitations_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_invitations" ADD CONSTRAINT "round_invitations_body_id_bodies_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_items" ADD CONSTRAINT "round_items_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_items" ADD CONSTRAINT "round_items_item_id_catalogue_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalogue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_lead_body_id_bodies_id_fk" FOREIGN KEY ("lead_body_id") REFERENCES "public"."bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_items_name_unit_unique" ON "catalogue_items" USING btree (lower("name"),"unit");--> statement-breakpoint
CREATE INDEX "catalogue_items_cpv" ON "catalogue_items" USING btree ("cpv_code");--> statement-breakpoint
CREATE INDEX "cpv_codes_label_de_lower" ON "cpv_codes" USING btree (lower("label_de"));--> statement-breakpoint
CREATE UNIQUE INDEX "demand_lines_natural_key" ON "demand_lines" USING btree ("round_id","body_id","item_id","cost_centre");--> statement-breakpoint
CREATE INDEX "demand_lines_round_item" ON "demand_lines" USING btree ("round_id","item_id");--> statement-breakpoint
CREATE INDEX "round_invitations_body" ON "round_invitations" USING btree ("body_id");--> statement-breakpoint
CREATE INDEX "rounds_lead" ON "rounds" USING btree ("lead_body_id","created_at");