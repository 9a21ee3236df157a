import type { Diagnostic as LintDiagnostic } from "@codemirror/lint";
import type { Text } from "@codemirror/state";
import type { Diagnostic } from "../../engine/diagnostics";

/**
 * The engine's diagnostics for one file as editor marks. The engine counts lines and columns from
 * 1; a mark runs from the column to the end of its line (at least one character, so it shows).
 */
export function toLintDiagnostics(
  diagnostics: readonly Diagnostic[],
  fileName: string,
  doc: Text,
): LintDiagnostic[] {
  return diagnostics
    .filter((d) => d.file === fileName && d.line >= 1 && d.line <= doc.lines)
    .map((d) => {
      const line = doc.line(d.line);
      const from = Math.min(line.from + Math.max(0, d.column - 1), line.to);
      const to = line.to > from ? line.to : Math.min(from + 1, doc.length);
      return {
        from,
        to,
        severity: d.severity,
        source: d.object ? `${d.object.kind} ${d.object.name}` : d.code,
        message: `${d.message} ${d.hint}`,
      };
    });
}
