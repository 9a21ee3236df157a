import { useEffect, useRef, useState } from "react";
import { useApp } from "../state/appStore";
import { selectReveal, selectRevision, selectSetYaml, selectYaml } from "../state/selectors";

/** Typing pauses this long before the engine runs: fast enough to feel live, calm while typing. */
const DEBOUNCE_MS = 150;

export function EditorPane() {
  const yaml = useApp(selectYaml);
  const revision = useApp(selectRevision);
  // A new revision (a scenario was picked) replaces the draft: remount with the new text.
  return <YamlEditor key={revision} initial={yaml} />;
}

function YamlEditor({ initial }: { initial: string }) {
  const [draft, setDraft] = useState(initial);
  const setYaml = useApp(selectSetYaml);
  const reveal = useApp(selectReveal);
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const timer = setTimeout(() => setYaml(draft), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, setYaml]);

  useEffect(() => {
    const element = area.current;
    if (!reveal || !element) return;
    const lines = element.value.split("\n");
    const start = lines.slice(0, reveal.line - 1).reduce((sum, l) => sum + l.length + 1, 0);
    const end = start + (lines[reveal.line - 1]?.length ?? 0);
    element.focus();
    element.setSelectionRange(start, end);
    const lineHeight = Number.parseFloat(getComputedStyle(element).lineHeight) || 20;
    element.scrollTop = Math.max(0, (reveal.line - 4) * lineHeight);
  }, [reveal]);

  return (
    <textarea
      ref={area}
      className="editor"
      aria-label="YAML"
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      // Leaving the editor (to press Send, say) applies the text at once: no request on stale YAML.
      onBlur={() => setYaml(draft)}
      spellCheck={false}
      autoCapitalize="off"
      autoComplete="off"
      wrap="off"
    />
  );
}
