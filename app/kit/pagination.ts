/** The 1-based page from `?seite=`, clamped to something a query can use. */
export function pageParams(url: URL): { page: number } {
  const raw = Number.parseInt(url.searchParams.get("seite") ?? "1", 10);
  return { page: Number.isFinite(raw) && raw >= 1 && raw <= 100_000 ? raw : 1 };
}
