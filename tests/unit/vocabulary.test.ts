import * as schema from "#db/schema";
import * as vocabulary from "~/domain/vocabulary";

// Each enumeration is declared once (domain/vocabulary.ts); the database enums and every label
// map follow it, so a new value cannot reach a page without its German label.
const labelled: [string, readonly string[], Readonly<Record<string, string>>][] = [
  ["roles", vocabulary.roles, vocabulary.roleLabels],
  ["bodyKinds", vocabulary.bodyKinds, vocabulary.bodyKindLabels],
  ["itemCategories", vocabulary.itemCategories, vocabulary.itemCategoryLabels],
  ["roundPhases", vocabulary.roundPhases, vocabulary.roundPhaseLabels],
  ["tenderStatuses", vocabulary.tenderStatuses, vocabulary.tenderStatusLabels],
  ["pricings", vocabulary.pricings, vocabulary.pricingLabels],
  ["pricings (choice)", vocabulary.pricings, vocabulary.pricingChoiceLabels],
  ["contractTypes", vocabulary.contractTypes, vocabulary.contractTypeLabels],
  ["awardCriteria", vocabulary.awardCriteria, vocabulary.awardCriteriaLabels],
  ["procedureChoices", vocabulary.procedureChoices, vocabulary.procedureChoiceLabels],
  ["sharedCostKinds", vocabulary.sharedCostKinds, vocabulary.sharedCostKindLabels],
  ["sharedCostKeys", vocabulary.sharedCostKeys, vocabulary.sharedCostKeyLabels],
  ["sharedCostPayers", vocabulary.sharedCostPayers, vocabulary.sharedCostPayerLabels],
  ["goodsBillings", vocabulary.goodsBillings, vocabulary.goodsBillingLabels],
  ["goodsBillings (billed by)", vocabulary.goodsBillings, vocabulary.billedByLabels],
];

describe("vocabulary", () => {
  it.each(labelled)(
    "%s: one distinct German label for each value, nothing else",
    (_, values, labels) => {
      expect(Object.keys(labels).sort()).toEqual([...values].sort());
      const texts = values.map((v) => labels[v]);
      expect(texts.every((t) => typeof t === "string" && t.trim().length > 0)).toBe(true);
      expect(new Set(texts).size).toBe(values.length);
    },
  );

  it.each([
    [schema.role, vocabulary.roles],
    [schema.bodyKind, vocabulary.bodyKinds],
    [schema.itemCategory, vocabulary.itemCategories],
    [schema.roundStatus, vocabulary.roundStatuses],
    [schema.pricingRule, vocabulary.pricings],
    [schema.tenderStatus, vocabulary.tenderStatuses],
    [schema.awardCriteria, vocabulary.awardCriteria],
    [schema.splitKey, vocabulary.sharedCostKeys],
    [schema.sharedCostPayers, vocabulary.sharedCostPayers],
    [schema.sharedCostKind, vocabulary.sharedCostKinds],
    [schema.goodsBilling, vocabulary.goodsBillings],
  ])("the database enum %# has exactly the vocabulary's values", (pgEnum, values) => {
    expect(pgEnum.enumValues).toEqual([...values]);
  });
});
