ALTER TABLE "bodies" ADD COLUMN "national_deadline_min_days" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "original_deadline" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenders" ADD COLUMN "extension_months" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "tenders" ADD COLUMN "procedure_ground" text;--> statement-breakpoint
ALTER TABLE "tenders" ADD COLUMN "procedure_justification" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenders" ADD COLUMN "deadline_reason" text DEFAULT '' NOT NULL;