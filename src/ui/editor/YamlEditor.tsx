import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { indentUnit } from "@codemirror/language";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorSelection, EditorState } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { useEffect, useRef } from "react";
import { appStore, useApp } from "../../state/appStore";
import {
  selectDecidingLine,
  selectDiagnostics,
  selectReveal,
  selectSelectedExtent,
} from "../../state/selectors";
import { toLintDiagnostics } from "./editorDiagnostics";
import { selectionTheme, yamlHighlight } from "./editorTheme";
import { markedLines, setMarkedLines } from "./markedLines";

/** Typing pauses this long before the engine runs: fast enough to feel live, calm while typing. */
const DEBOUNCE_MS = 150;

/**
 * CodeMirror 6 over the store's text. The editor owns the draft while the user types; the store
 * hears it after a pause (or at once on blur, so Send never routes stale YAML). The engine's
 * diagnostics come back as marks and gutter signs; the current hop's deciding line and the selected
 * object's lines are highlighted.
 */
export default function YamlEditor({ initial }: { initial: string }) {
  const host = useRef<HTMLDivElement>(null);
  // The text the editor starts from; afterwards it owns the text (the store follows it), so a
  // store update must not recreate it (that would drop the cursor and the undo history).
  const first = useRef(initial);
  const view = useRef<EditorView | null>(null);
  const diagnostics = useApp(selectDiagnostics);
  const reveal = useApp(selectReveal);
  const decided = useApp(selectDecidingLine);
  const extent = useApp(selectSelectedExtent);

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      clearTimeout(timer);
      const current = view.current;
      if (!current) return;
      const start = performance.now();
      appStore.getState().setYaml(current.state.doc.toString());
      // `npm run bench` times typing from here (after the pause) to the graph on screen.
      performance.measure("hopscope:setYaml", { start });
    };
    const editor = new EditorView({
      parent,
      state: EditorState.create({
        doc: first.current,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          history(),
          drawSelection(),
          highlightActiveLine(),
          yaml(),
          yamlHighlight,
          selectionTheme,
          indentUnit.of("  "),
          EditorState.tabSize.of(2),
          lintGutter(),
          markedLines(),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          EditorView.contentAttributes.of({
            "aria-label": "YAML",
            "aria-multiline": "true",
            spellcheck: "false",
            autocapitalize: "off",
            autocorrect: "off",
          }),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            clearTimeout(timer);
            timer = setTimeout(flush, DEBOUNCE_MS);
          }),
          EditorView.domEventHandlers({ blur: flush }),
        ],
      }),
    });
    // A scrolling region must be reachable by keyboard on its own (axe: scrollable-region-focusable);
    // the editable content inside it is the next Tab stop.
    editor.scrollDOM.tabIndex = 0;
    view.current = editor;
    return () => {
      // Unmounting means the store replaced the text (a scenario was picked): nothing to flush.
      clearTimeout(timer);
      editor.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const fileName = appStore.getState().fileName;
    editor.dispatch(setDiagnostics(editor.state, toLintDiagnostics(diagnostics, fileName, editor.state.doc)));
  }, [diagnostics]);

  useEffect(() => {
    const inEditor = extent && extent.file === appStore.getState().fileName;
    const selected = inEditor ? { from: extent.from, to: extent.to } : null;
    const editor = view.current;
    if (!editor) return;
    editor.dispatch({ effects: setMarkedLines.of({ decided, selected }) });
    // Bring the marked line into view inside the editor only: EditorView.scrollIntoView would also
    // scroll the page, which on a phone (panes stacked) would pull the graph away while it plays.
    const line = decided ?? selected?.from ?? null;
    if (line === null || line > editor.state.doc.lines) return;
    const block = editor.lineBlockAt(editor.state.doc.line(line).from);
    const scroller = editor.scrollDOM;
    if (block.top < scroller.scrollTop || block.bottom > scroller.scrollTop + scroller.clientHeight) {
      scroller.scrollTop = Math.max(0, block.top - scroller.clientHeight / 3);
    }
  }, [decided, extent]);

  useEffect(() => {
    const editor = view.current;
    if (!editor || !reveal) return;
    const { doc } = editor.state;
    const line = doc.line(Math.min(Math.max(1, reveal.line), doc.lines));
    editor.focus();
    editor.dispatch({
      selection: EditorSelection.range(line.from, line.to),
      effects: EditorView.scrollIntoView(line.from, { y: "center" }),
    });
  }, [reveal]);

  return <div ref={host} className="editor-host" />;
}
