import { useApp } from "../state/appStore";
import { selectRevealLine } from "../state/selectors";

/** "line 42": selects that line in the editor, so every claim can be checked against the YAML. */
export function LineButton({ line, what }: { line: number; what?: string }) {
  const revealLine = useApp(selectRevealLine);
  return (
    <button
      type="button"
      className="line-button"
      title={`Show line ${line} in the editor`}
      onClick={() => revealLine(line)}
    >
      {what ? `${what} · ` : ""}line {line}
    </button>
  );
}
