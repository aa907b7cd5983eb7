const nf = new Intl.NumberFormat("de-DE");

export function Pagination({
  page,
  pageSize,
  total,
  query,
}: {
  page: number;
  pageSize: number;
  total: number;
  query?: Record<string, string>;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => `?${new URLSearchParams({ ...query, seite: String(p) }).toString()}`;
  return (
    <nav aria-label="Seiten" className="pagination">
      {page > 1 ? (
        <a className="kern-link" href={href(page - 1)}>
          <span className="kern-icon kern-icon--chevron-left kern-icon--small" aria-hidden="true" />{" "}
          Vorherige Seite
        </a>
      ) : null}
      <span className="kern-body">
        Seite {nf.format(page)} von {nf.format(pages)}
      </span>
      {page < pages ? (
        <a className="kern-link" href={href(page + 1)}>
          Nächste Seite{" "}
          <span
            className="kern-icon kern-icon--chevron-right kern-icon--small"
            aria-hidden="true"
          />
        </a>
      ) : null}
    </nav>
  );
}
