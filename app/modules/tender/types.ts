// The tender's shapes that the browser shares with the server: the settings as the model takes
// them (forms.ts produces them) and the procedure advice as the page shows it.
import { type ProcedureAdvice } from "~/domain/procedure";
import { type AwardCriteria, type GoodsBilling, type Pricing } from "~/domain/vocabulary";

export type TenderSettings = {
  referenceNumber: string;
  title: string;
  description: string;
  pricing: Pricing;
  framework: boolean;
  /** a framework's reserve for call-offs beyond the bundled demand, basis points (decision 025) */
  callOffReserveBp?: number;
  /** who invoices the goods (default: the supplier each body) */
  goodsBilling?: GoodsBilling;
  termMonths: number;
  termReason: string;
  /** ISO date "2027-01-01" */
  contractStart: string;
  criteria: AwardCriteria;
  priceWeightBp: number;
  qualityCriteria: { name: string; weightBp: number }[];
  submissionDeadline: Date;
};
export type TenderInput = TenderSettings & { roundIds: string[] };

export type LotAdvice = { id: string; number: number; title: string; estimatedNetCents: number };
export type TenderAdvice = {
  date: string;
  land: string;
  framework: boolean;
  termMonths: number;
  lots: LotAdvice[];
  /** null while the tender has no lots */
  advice: ProcedureAdvice | null;
};
