/** The benchmark's printed table: one row per figure, with its target and whether it is met. */
export interface Row {
  figure: string;
  value: string;
  /** Empty for a figure that is reported for comparison only. */
  target: string;
  /** null for a figure without a target. */
  pass: boolean | null;
  note?: string;
}

/** A section heading inside the table. */
export interface Heading {
  heading: string;
}

const COLUMNS = ["Figure", "Median", "Target", "Result", "Note"] as const;

function cells(row: Row): string[] {
  const result = row.pass === null ? "" : row.pass ? "PASS" : "MISS";
  return [row.figure, row.value, row.target, result, row.note ?? ""];
}

export function formatTable(lines: readonly (Row | Heading)[]): string {
  const rows = lines.filter((l): l is Row => "figure" in l).map(cells);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? "").length)));
  // Numbers are right-aligned so their units line up; words are left-aligned.
  const format = (r: readonly string[]) =>
    r
      .map((cell, i) => (i === 1 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const out = [format(COLUMNS), rule];
  for (const line of lines) out.push("heading" in line ? `\n${line.heading}` : format(cells(line)));
  return out.join("\n");
}

export function summarize(lines: readonly (Row | Heading)[]): string {
  const rows = lines.filter((l): l is Row => "figure" in l && l.pass !== null);
  const missed = rows.filter((r) => !r.pass);
  return missed.length === 0
    ? `All ${rows.length} targets met.`
    : `${rows.length - missed.length} of ${rows.length} targets met; missed: ${missed.map((r) => r.figure).join("; ")}.`;
}

const integer = new Intl.NumberFormat("en");

export const ms = (value: number) =>
  `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : integer.format(Math.round(value))} ms`;
export const us = (value: number) => `${value.toFixed(1)} µs`;
export const ratio = (value: number) => `${value.toFixed(2)}x`;
export const perSecond = (value: number) => `${integer.format(Math.round(value))} req/s`;
export const count = (value: number) => integer.format(value);
