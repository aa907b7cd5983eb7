import { type ReactNode } from "react";

// The one KERN table (STYLE.md "app/kit"): caption, column headers with scope, numbers aligned
// right, an optional sum row, and the responsive wrapper. With `region`, the wrapper becomes a
// focusable region named by it, so a table wider than the screen scrolls by keyboard inside a
// labelled landmark (axe: scrollable-region-focusable) instead of widening the page.

export type Column<Row> = {
  /** The column header; a string is also the React key of the column. */
  header: ReactNode;
  cell: (row: Row, index: number) => ReactNode;
  /** Right-aligned numbers (DESIGN.md: tables of numbers align right). */
  numeric?: boolean;
  /** A column of links or buttons (KERN's action cell). */
  action?: boolean;
  /** This column names the row: its cells are `<th scope="row">`. */
  rowHeader?: boolean;
  /** An extra class of this column's cells (e.g. "nowrap"), or one that depends on the row
   * (called without a row for the footer). */
  cellClassName?: string | ((row: Row | undefined) => string | undefined);
  /** This column's cell of the footer (sum) row; a footer row is drawn when any column has one. */
  footer?: ReactNode;
  key?: string;
};

type Variant = "striped" | "small";

export function DataTable<Row>({
  caption,
  captionHidden = false,
  columns,
  rows,
  rowKey,
  variant = ["striped"],
  className,
  region,
}: {
  caption: ReactNode;
  /** The caption only for screen readers, where a heading above already says it. */
  captionHidden?: boolean;
  columns: readonly (Column<Row> | false | null | undefined)[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string;
  variant?: readonly Variant[];
  /** An extra class of the table (e.g. for column widths). */
  className?: string;
  /** The accessible name of a scrolling region around a wide table. */
  region?: string;
}) {
  const shown = columns.filter((c): c is Column<Row> => Boolean(c));
  const keyOf = (c: Column<Row>, i: number) =>
    c.key ?? (typeof c.header === "string" ? c.header : String(i));
  const hasFooter = shown.some((c) => c.footer !== undefined);
  const tableClass = ["kern-table", ...variant.map((v) => `kern-table--${v}`), className]
    .filter(Boolean)
    .join(" ");
  const table = (
    <table className={tableClass}>
      <caption className={captionHidden ? "kern-sr-only" : "kern-title"}>{caption}</caption>
      <thead className="kern-table__head">
        <tr className="kern-table__row">
          {shown.map((c, i) => (
            <th key={keyOf(c, i)} scope="col" className={headerClass(c)}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="kern-table__body">
        {rows.map((row, r) => (
          <tr key={rowKey(row, r)} className="kern-table__row">
            {shown.map((c, i) => (
              <Cell key={keyOf(c, i)} column={c} row={row}>
                {c.cell(row, r)}
              </Cell>
            ))}
          </tr>
        ))}
      </tbody>
      {hasFooter ? (
        <tfoot className="kern-table__footer">
          <tr className="kern-table__row">
            {shown.map((c, i) => (
              <Cell key={keyOf(c, i)} column={c}>
                {c.footer}
              </Cell>
            ))}
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
  return region ? (
    <div className="kern-table-responsive" tabIndex={0} role="region" aria-label={region}>
      {table}
    </div>
  ) : (
    <div className="kern-table-responsive">{table}</div>
  );
}

function headerClass(c: { numeric?: boolean; action?: boolean }): string {
  if (c.numeric) return "kern-table__header kern-table__header--numeric";
  if (c.action) return "kern-table__header kern-table__header--action";
  return "kern-table__header";
}

/** The class of a body cell (`row` given) or of a footer cell. */
function cellClass<Row>(c: Column<Row>, row?: Row): string {
  const kern = c.numeric
    ? "kern-table__cell kern-table__cell--numeric"
    : c.action
      ? "kern-table__cell kern-table__cell--action"
      : "kern-table__cell";
  const extra = typeof c.cellClassName === "function" ? c.cellClassName(row) : c.cellClassName;
  return extra ? `${kern} ${extra}` : kern;
}

function Cell<Row>({
  column,
  row,
  children,
}: {
  column: Column<Row>;
  row?: Row;
  children: ReactNode;
}) {
  return column.rowHeader ? (
    <th scope="row" className={headerClass(column)}>
      {children}
    </th>
  ) : (
    <td className={cellClass(column, row)}>{children}</td>
  );
}
