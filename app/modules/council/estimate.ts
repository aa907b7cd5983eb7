// The estimate before the tender (Schätzung), pure: what the body's entered demand would cost
// alone and in the bundle. Basis per item: the bands and prices of the item's latest award
// (the body's own quantity against the round's bundled quantity), or – where the item was never
// awarded – its catalogue reference price, which has no bands and so shows no saving.
// Money as everywhere: exact in 1/10,000 EUR, rounded to cents once per line (bundle) or per
// item (alone); every sum is a sum of those rounded figures, so the tables add up to the cent.
import { type PriceBand, bandIndexAt, exactCost } from "~/domain/bands";
import { roundHalfUp } from "~/domain/rational";
import { type Pricing } from "~/domain/vocabulary";

const groupedIntegers = new Intl.NumberFormat("de-DE");

export type EstimateItemInput = {
  itemId: string;
  name: string;
  unit: string;
  vatRateBp: number;
  /** 1/10,000 EUR net */
  referencePrice: number;
  /** Σ quantity of the round's lines of every body */
  roundQuantity: number;
  awarded?: { pricing: Pricing; bands: PriceBand[] };
};

export type EstimateLineInput = {
  itemId: string;
  quantity: number;
  product: string;
  ledgerAccount: string;
};

export type EstimateItem = {
  itemId: string;
  name: string;
  unit: string;
  quantity: number;
  basis: "awarded" | "reference";
  /** 1/10,000 EUR net per unit (incremental: the average) */
  aloneUnitPrice: number;
  bundleUnitPrice: number;
  /** lower bound of the band the bundle reaches; null on the reference price */
  bundleBandFrom: number | null;
  aloneBandFrom: number | null;
  aloneNetCents: number;
  bundleNetCents: number;
  bundleVatCents: number;
};

export type EstimateYearRow = {
  product: string;
  ledgerAccount: string;
  grossCents: number;
};

export type Estimate = {
  items: EstimateItem[];
  /** by Produkt and Sachkonto (the body's own lines), gross */
  accounts: EstimateYearRow[];
  totals: {
    aloneNetCents: number;
    bundleNetCents: number;
    bundleVatCents: number;
    bundleGrossCents: number;
    savingNetCents: number;
  };
};

type Price = {
  /** exact unit cost at the bundle as a fraction (1/10,000 EUR) */
  num: bigint;
  den: bigint;
};

function bundlePrice(item: EstimateItemInput, bodyQuantity: number): Price {
  const Q = BigInt(Math.max(item.roundQuantity, bodyQuantity));
  if (!item.awarded) return { num: BigInt(item.referencePrice), den: 1n };
  const { pricing, bands } = item.awarded;
  if (pricing === "all-units" || Q === 0n) {
    return { num: BigInt(bands[bandIndexAt(bands, Q)]!.unitPrice), den: 1n };
  }
  // incremental: each body pays its proportional part of cost(Q) – the split's rule
  return { num: exactCost(bands, Q, pricing), den: Q };
}

function aloneCost(item: EstimateItemInput, quantity: number): bigint {
  const q = BigInt(quantity);
  if (!item.awarded) return q * BigInt(item.referencePrice);
  return exactCost(item.awarded.bands, q, item.awarded.pricing);
}

export function estimateDemand({
  items,
  lines,
}: {
  items: readonly EstimateItemInput[];
  lines: readonly EstimateLineInput[];
}): Estimate {
  const byId = new Map(items.map((i) => [i.itemId, i]));
  const quantity = new Map<string, number>();
  for (const l of lines) quantity.set(l.itemId, (quantity.get(l.itemId) ?? 0) + l.quantity);

  const result = new Map<string, EstimateItem>();
  const prices = new Map<string, Price>();
  for (const [itemId, q] of quantity) {
    const item = byId.get(itemId);
    if (!item) continue;
    const price = bundlePrice(item, q);
    prices.set(itemId, price);
    const Q = BigInt(Math.max(item.roundQuantity, q));
    const bands = item.awarded?.bands;
    result.set(itemId, {
      itemId,
      name: item.name,
      unit: item.unit,
      quantity: q,
      basis: item.awarded ? "awarded" : "reference",
      aloneUnitPrice: q === 0 ? 0 : Number(roundHalfUp(aloneCost(item, q), BigInt(q))),
      bundleUnitPrice: Number(roundHalfUp(price.num, price.den)),
      bundleBandFrom: bands ? bands[bandIndexAt(bands, Q)]!.minQty : null,
      aloneBandFrom: bands ? bands[bandIndexAt(bands, BigInt(q))]!.minQty : null,
      aloneNetCents: Number(roundHalfUp(aloneCost(item, q), 100n)),
      bundleNetCents: 0,
      bundleVatCents: 0,
    });
  }

  const accounts = new Map<string, EstimateYearRow>();
  for (const l of lines) {
    const row = result.get(l.itemId);
    const price = prices.get(l.itemId);
    if (!row || !price) continue;
    const net = roundHalfUp(BigInt(l.quantity) * price.num, price.den * 100n);
    const vat = roundHalfUp(net * BigInt(byId.get(l.itemId)!.vatRateBp), 10_000n);
    row.bundleNetCents += Number(net);
    row.bundleVatCents += Number(vat);
    const key = `${l.product}\u0000${l.ledgerAccount}`;
    const account = accounts.get(key) ?? {
      product: l.product,
      ledgerAccount: l.ledgerAccount,
      grossCents: 0,
    };
    account.grossCents += Number(net + vat);
    accounts.set(key, account);
  }

  const list = items.flatMap((i) => result.get(i.itemId) ?? []);
  const sum = (f: (i: EstimateItem) => number) => list.reduce((s, i) => s + f(i), 0);
  const bundleNetCents = sum((i) => i.bundleNetCents);
  const bundleVatCents = sum((i) => i.bundleVatCents);
  const aloneNetCents = sum((i) => i.aloneNetCents);
  return {
    items: list,
    accounts: [...accounts.values()].sort(
      (a, b) =>
        a.product.localeCompare(b.product, "de") ||
        a.ledgerAccount.localeCompare(b.ledgerAccount, "de"),
    ),
    totals: {
      aloneNetCents,
      bundleNetCents,
      bundleVatCents,
      bundleGrossCents: bundleNetCents + bundleVatCents,
      savingNetCents: aloneNetCents - bundleNetCents,
    },
  };
}

/** saving / alone as "12,3 %", exactly to one decimal (half up), without floats */
export function percentOf(part: number, whole: number): string {
  if (whole <= 0) return "–";
  const tenths = (BigInt(Math.abs(part)) * 2000n + BigInt(whole)) / (2n * BigInt(whole));
  const sign = part < 0 ? "-" : "";
  return `${sign}${groupedIntegers.format(Number(tenths / 10n))},${tenths % 10n} %`;
}
