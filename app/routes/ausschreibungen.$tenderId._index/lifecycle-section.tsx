import { Form } from "@remix-run/react";

import { DataTable } from "~/kit/ui/data-table";
import { SelectField, TextAreaField } from "~/kit/ui/field";
import { ConfirmAction } from "~/kit/ui/confirm-action";
import { TENDER_CONFIRMATIONS } from "~/modules/tender/forms";
import { TenderStatusBadge } from "~/modules/tender/tender-status";
import { Section } from "~/kit/ui/section";

import { type loader } from "./route";

type Lifecycle = Awaited<ReturnType<typeof loader>>["lifecycle"];

function StepButton({ lotId, step, label }: { lotId: string; step: string; label: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="lot-step" />
      <input type="hidden" name="lotId" value={lotId} />
      <input type="hidden" name="step" value={step} />
      <button type="submit" className="kern-btn kern-btn--secondary">
        <span className="kern-label">{label}</span>
      </button>
    </Form>
  );
}

/**
 * The stand of each lot (Entwurf → Veröffentlicht → Angebotsfrist abgelaufen → Wertung →
 * Zuschlag erteilt → Abgeschlossen, or Aufgehoben) with the steps possible now, and the
 * Aufhebung with its ground from § 63 VgV / § 48 UVgO. Plain POST forms.
 */
export function LifecycleSection({
  tenderId,
  lifecycle,
  errors,
  values,
}: {
  tenderId: string;
  lifecycle: Lifecycle;
  errors?: Record<string, string>;
  values?: Record<string, string>;
}) {
  const cancellable = lifecycle.lots.filter((l) => l.canCancel);
  const citation = lifecycle.euWide ? "§ 63 Abs. 1 VgV" : "§ 48 Abs. 1 UVgO";
  return (
    <Section id="stand" title={<>Stand des Verfahrens: {lifecycle.statusLabel}</>} gap="md">
      <DataTable
        caption="Stand je Los"
        captionHidden
        variant={[]}
        rows={lifecycle.lots}
        rowKey={(lot) => lot.id}
        columns={[
          { header: "Los", rowHeader: true, cell: (lot) => lot.label },
          {
            header: "Stand",
            cell: (lot) => (
              <>
                <TenderStatusBadge status={lot.status} />
                {lot.awardPossibleFrom ? (
                  <p className="kern-hint">
                    Bieter informiert; Zuschlag ab {lot.awardPossibleFrom}
                  </p>
                ) : null}
                {lot.cancellation ? <p className="kern-hint">{lot.cancellation}</p> : null}
              </>
            ),
          },
          {
            header: "Nächster Schritt",
            cell: (lot) => (
              <div className="actions">
                {lot.canCloseOffers && lifecycle.offersDue ? (
                  <StepButton
                    lotId={lot.id}
                    step="close-offers"
                    label="Angebotsfrist abschließen"
                  />
                ) : null}
                {lot.canCloseOffers && !lifecycle.offersDue ? (
                  <span className="kern-body">Angebotsfrist läuft</span>
                ) : null}
                {lot.canStartEvaluation ? (
                  <StepButton lotId={lot.id} step="start-evaluation" label="Wertung beginnen" />
                ) : null}
                {lot.status === "evaluation" ? (
                  <a className="kern-link" href={`/ausschreibungen/${tenderId}/wertung/${lot.id}`}>
                    Wertung und Zuschlag (Los {lot.number})
                  </a>
                ) : null}
                {lot.canComplete ? (
                  <StepButton lotId={lot.id} step="complete" label="Los abschließen" />
                ) : null}
              </div>
            ),
          },
        ]}
      />

      {cancellable.length > 0 ? (
        <details open={errors !== undefined}>
          <summary className="kern-link">Aufheben ({citation})</summary>
          <ConfirmAction
            fields={{ intent: "cancel" }}
            label="Aufheben"
            title="Vergabeverfahren aufheben?"
            text={TENDER_CONFIRMATIONS.cancel}
            variant="primary"
            className="kern-stack-md narrow"
          >
            <SelectField
              id="aufhebung-los"
              name="lotId"
              label="Los"
              error={errors?.lotId}
              defaultValue={values?.lotId ?? "all"}
              options={[
                { value: "all", label: "Die ganze Ausschreibung (alle offenen Lose)" },
                ...cancellable.map((l) => ({ value: l.id, label: l.label })),
              ]}
            />
            <SelectField
              id="aufhebung-grund"
              name="ground"
              label="Aufhebungsgrund"
              error={errors?.ground}
              defaultValue={values?.ground ?? ""}
              options={[
                { value: "", label: "Bitte wählen", disabled: true },
                ...lifecycle.grounds.map((g) => ({
                  value: g.id,
                  label: `Nr. ${g.number}: ${g.label}`,
                })),
              ]}
            />
            <TextAreaField
              id="aufhebung-begruendung"
              name="justification"
              label="Begründung"
              hint="Mindestens 40 Zeichen; sie kommt in den Vergabevermerk und wird den Bietern mitgeteilt."
              defaultValue={values?.justification ?? ""}
              error={errors?.justification}
            />
          </ConfirmAction>
        </details>
      ) : null}
    </Section>
  );
}
