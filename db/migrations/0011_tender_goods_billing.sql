CREATE TYPE "public"."goods_billing" AS ENUM('supplier', 'lead');--> statement-breakpoint
ALTER TABLE "tenders" ADD COLUMN "goods_billing" "goods_billing" DEFAULT 'supplier' NOT NULL;