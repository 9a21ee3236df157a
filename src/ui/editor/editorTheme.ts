import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorView } from "@codemirror/view";
import { tags } from "@lezer/highlight";

/** YAML colours from the theme's variables, so light and dark follow the system like the rest. */
export const yamlHighlight = syntaxHighlighting(
  HighlightStyle.define([
    { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: "var(--code-key)" },
    { tag: [tags.string, tags.special(tags.string)], color: "var(--code-string)" },
    { tag: [tags.number, tags.bool, tags.null], color: "var(--code-number)" },
    { tag: [tags.comment, tags.lineComment], color: "var(--text-muted)", fontStyle: "italic" },
    { tag: [tags.meta, tags.keyword, tags.labelName], color: "var(--code-meta)" },
    { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: "var(--text-muted)" },
  ]),
);

/** The selection in the theme's colour; an editor theme outranks CodeMirror's base theme. */
export const selectionTheme = EditorView.theme({
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground": {
    background: "var(--active-soft)",
  },
});
