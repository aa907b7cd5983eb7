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
  /** extension options in months each (§ 3 Abs. 1 Satz 2 VgV); default none */
  extensionMonths?: number[];
  termReason: string;
  /** ISO date "2027-01-01" */
  contractStart: string;
  criteria: AwardCriteria;
  priceWeightBp: number;
  qualityCriteria: { name: string; weightBp: number }[];
  submissionDeadline: Date;
  /** reasoned urgency (EU) or reason for a shorter national period (decision 021); default "" */
  deadlineReason?: string;
};
export type TenderInput = TenderSettings & { roundIds: string[] };

export type LotAdvice = {
  id: string;
  number: number;
  title: string;
  estimatedNetCents: number;
  /** months counted by § 3 VgV, null for a one-off purchase */
  countedMonths: number | null;
  citation: string;
  explanation: string;
};
export type TenderAdvice = {
  date: string;
  land: string;
  framework: boolean;
  termMonths: number;
  extensionMonths: number[];
  lots: LotAdvice[];
  /** null while the tender has no lots */
  advice: ProcedureAdvice | null;
};
