CREATE TABLE "export_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"tender_id" uuid NOT NULL,
	"format" text NOT NULL,
	"rows_total" integer NOT NULL,
	"rows_done" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"failed" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lot_splits" (
	"lot_id" uuid PRIMARY KEY NOT NULL,
	"tender_id" uuid NOT NULL,
	"invoice" jsonb NOT NULL,
	"shared_costs" jsonb NOT NULL,
	"items" jsonb NOT NULL,
	"years" integer[] NOT NULL,
	"stored_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "split_bodies" (
	"lot_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"goods_net_cents" bigint NOT NULL,
	"goods_vat_cents" bigint NOT NULL,
	"shared_net_cents" bigint NOT NULL,
	"shared_vat_cents" bigint NOT NULL,
	"gross_cents" bigint NOT NULL,
	"alone_net_cents" bigint NOT NULL,
	"gross_savings_cents" bigint NOT NULL,
	"net_savings_cents" bigint NOT NULL,
	"lines" integer NOT NULL,
	"year_cents" bigint[] NOT NULL,
	CONSTRAINT "split_bodies_lot_id_body_id_pk" PRIMARY KEY("lot_id","body_id")
);
--> statement-breakpoint
CREATE TABLE "split_groups" (
	"lot_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"net_cents" bigint NOT NULL,
	"vat_cents" bigint NOT NULL,
	CONSTRAINT "split_groups_lot_id_item_id_quantity_pk" PRIMARY KEY("lot_id","item_id","quantity")
);
--> statement-breakpoint
CREATE TABLE "split_shares" (
	"lot_id" uuid NOT NULL,
	"cost_id" uuid NOT NULL,
	"body_id" uuid NOT NULL,
	"net_cents" bigint NOT NULL,
	"vat_cents" bigint NOT NULL,
	"gross_cents" bigint NOT NULL,
	CONSTRAINT "split_shares_lot_id_cost_id_body_id_pk" PRIMARY KEY("lot_id","cost_id","body_id")
);
--> statement-breakpoint
CREATE TABLE "split_tie_cents" (
	"lot_id" uuid NOT NULL,
	"line_id" bigint NOT NULL,
	"net_cents" integer NOT NULL,
	"vat_cents" integer NOT NULL,
	CONSTRAINT "split_tie_cents_lot_id_line_id_pk" PRIMARY KEY("lot_id","line_id")
);
--> statement-breakpoint
ALTER TABLE "export_runs" ADD CONSTRAINT "export_runs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_splits" ADD CONSTRAINT "lot_splits_lot_id_awards_lot_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."awards"("lot_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "export_runs_user" ON "export_runs" USING btree ("user_id","started_at");--> statement-breakpoint
CREATE INDEX "split_shares_lot_body" ON "split_shares" USING btree ("lot_id","body_id");