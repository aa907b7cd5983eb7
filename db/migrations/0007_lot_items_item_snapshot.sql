ALTER TABLE "lot_items" ADD COLUMN "item_name" text;--> statement-breakpoint
ALTER TABLE "lot_items" ADD COLUMN "item_description" text;--> statement-breakpoint
ALTER TABLE "lot_items" ADD COLUMN "item_unit" text;--> statement-breakpoint
ALTER TABLE "lot_items" ADD COLUMN "item_cpv_code" varchar(10);--> statement-breakpoint
ALTER TABLE "lot_items" ADD COLUMN "item_category" "item_category";--> statement-breakpoint
ALTER TABLE "lot_items" ADD COLUMN "item_vat_rate_bp" integer;--> statement-breakpoint
ALTER TABLE "lot_items" ADD COLUMN "item_reference_price" bigint;--> statement-breakpoint
ALTER TABLE "lot_items" ADD COLUMN "item_attributes" text;--> statement-breakpoint
-- Backfill (decision 011): tenders published before this migration get the catalogue values of
-- today — the best record there is — except the VAT rate of an awarded lot, which its stored
-- split (decision 010) kept as used at the award.
UPDATE "lot_items" li SET
  "item_name" = ci."name",
  "item_description" = ci."description",
  "item_unit" = ci."unit",
  "item_cpv_code" = ci."cpv_code",
  "item_category" = ci."category",
  "item_vat_rate_bp" = coalesce(
    (SELECT (ls."items" -> li."item_id"::text ->> 'vatRateBp')::integer
       FROM "lot_splits" ls WHERE ls."lot_id" = li."lot_id"),
    ci."vat_rate_bp"),
  "item_reference_price" = ci."reference_price",
  "item_attributes" = ci."attributes"
FROM "catalogue_items" ci, "tenders" t
WHERE ci."id" = li."item_id" AND t."id" = li."tender_id" AND t."status" <> 'draft';
