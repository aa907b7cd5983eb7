// What the start page shows, per role (one section per role the user holds). Plain data with
// German text already formatted on the server (deadlines in Berlin time with their zone), so the
// components only lay it out. Browser-safe: no server imports.
import { type LifecycleStatus } from "~/domain/lifecycle";
import { type RoundPhase } from "~/domain/vocabulary";

/** A round waiting for the body's answer, or one it is answering. */
export type OfficerRound = {
  id: string;
  title: string;
  leadBodyName: string;
  /** "31.03.2027, 12:00 Uhr (MESZ)" */
  deadline: string;
  /** "noch 3 Tage" */
  timeLeft: string;
  lines: number;
  noDemand: boolean;
};

export type AwardedToBody = {
  id: string;
  title: string;
  referenceNumber: string;
  leadBodyName: string;
  awardedLots: number;
  lots: number;
  /** the body's gross share of the awarded lots, "1.234,56 €" */
  share: string;
  /** a framework agreement with a maximum: the body records its call-offs (Abrufe) */
  callOffs: boolean;
};

export type OfficerSection = {
  role: "officer";
  waiting: OfficerRound[];
  inProgress: OfficerRound[];
  awarded: AwardedToBody[];
};

export type LeadRound = {
  id: string;
  title: string;
  phase: RoundPhase;
  deadline: string;
  timeLeft: string;
  invited: number;
  answered: number;
  silent: number;
  percent: number;
};

export type LeadTender = {
  id: string;
  title: string;
  referenceNumber: string;
  stage: LifecycleStatus;
  /** the next deadline that matters, e.g. { label: "Angebotsfrist endet", when: "…" } */
  next: { label: string; when: string; timeLeft: string } | null;
};

export type Decision = { key: string; title: string; text: string; to: string; action: string };

export type ProcurementSection = {
  role: "procurement";
  rounds: LeadRound[];
  tenders: LeadTender[];
  decisions: Decision[];
};

export type SplitReady = {
  id: string;
  title: string;
  referenceNumber: string;
  leadBodyName: string;
  isLead: boolean;
  participates: boolean;
  awardedLots: number;
  lots: number;
  share: string | null;
  /** the XRechnung files the lead issued to this body: taxed part, part under § 2b UStG */
  xrechnung: { taxed: boolean; untaxed: boolean };
};

export type TreasurerSection = {
  role: "treasurer";
  splits: SplitReady[];
  years: { year: number; total: string }[];
};

export type AdminSection = {
  role: "admin";
  users: number;
  bodies: number;
  outbox: { queued: number; sent: number; failed: number };
};

export type DashboardSection =
  OfficerSection | ProcurementSection | TreasurerSection | AdminSection;
