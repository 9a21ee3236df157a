/**
 * Aligns rows the way kubectl's table printer does: Go's text/tabwriter with minwidth 6,
 * padding 3 and blanks (k8s.io/cli-runtime printers.GetNewTabWriter). Every cell but the last of a
 * row ends with a tab, so each column is as wide as its widest cell plus 3 (at least 6) and the
 * last column is not padded at all.
 */
const MIN_WIDTH = 6;
const PADDING = 3;

export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      if (i < row.length - 1) widths[i] = Math.max(widths[i] ?? MIN_WIDTH, [...cell].length + PADDING);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i < row.length - 1 ? cell + " ".repeat((widths[i] ?? 0) - [...cell].length) : cell))
      .join(""),
  );
}
