ALTER TABLE "bodies" ADD COLUMN "street" text;--> statement-breakpoint
ALTER TABLE "bodies" ADD COLUMN "postcode" varchar(5);--> statement-breakpoint
ALTER TABLE "bodies" ADD COLUMN "city" text;--> statement-breakpoint
ALTER TABLE "bodies" ADD COLUMN "iban" text;--> statement-breakpoint
ALTER TABLE "bodies" ADD COLUMN "bic" text;--> statement-breakpoint
ALTER TABLE "bodies" ADD COLUMN "vat_id" text;--> statement-breakpoint
ALTER TABLE "bodies" ADD COLUMN "tax_number" text;--> statement-breakpoint
ALTER TABLE "bodies" ADD COLUMN "invoice_contact_name" text;--> statement-breakpoint
ALTER TABLE "bodies" ADD COLUMN "invoice_contact_phone" text;--> statement-breakpoint
ALTER TABLE "bodies" ADD COLUMN "invoice_email" text;