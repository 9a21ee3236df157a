import { type Extension, RangeSetBuilder, StateEffect, StateField } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView } from "@codemirror/view";

/** Lines the app points at: the one that decided the current hop, and the selected object's lines. */
export interface MarkedLines {
  /** The deciding line of the hop being played, 1-based; null when no hop is shown. */
  decided: number | null;
  /** The selected object's first and last line, 1-based. */
  selected: { from: number; to: number } | null;
}

export const setMarkedLines = StateEffect.define<MarkedLines>();

const decidedLine = Decoration.line({ class: "cm-decided-line" });
const selectedLine = Decoration.line({ class: "cm-selected-object" });

function decorate(doc: EditorView["state"]["doc"], marks: MarkedLines): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const { selected, decided } = marks;
  const valid = (line: number) => line >= 1 && line <= doc.lines;
  // RangeSetBuilder wants ranges in document order: walk the lines once.
  const first = Math.min(selected?.from ?? Number.POSITIVE_INFINITY, decided ?? Number.POSITIVE_INFINITY);
  const last = Math.max(selected?.to ?? 0, decided ?? 0);
  for (let n = Math.max(1, first); n <= Math.min(last, doc.lines); n++) {
    if (!valid(n)) continue;
    const from = doc.line(n).from;
    if (selected && n >= selected.from && n <= selected.to) builder.add(from, from, selectedLine);
    if (n === decided) builder.add(from, from, decidedLine);
  }
  return builder.finish();
}

/** The marks live in editor state, so they follow edits until the app sends new ones. */
export function markedLines(): Extension {
  return StateField.define<DecorationSet>({
    create: () => Decoration.none,
    update(value, tr) {
      let next = value.map(tr.changes);
      for (const effect of tr.effects) {
        if (effect.is(setMarkedLines)) next = decorate(tr.state.doc, effect.value);
      }
      return next;
    },
    provide: (field) => EditorView.decorations.from(field),
  });
}
