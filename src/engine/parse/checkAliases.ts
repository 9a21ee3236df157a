import { EVENT_ID, type Event } from "js-yaml";

/** An alias that must not be expanded, and the offset of its `*`. */
export interface AliasProblem {
  kind: "recursive" | "too-many-values" | "too-deep";
  anchor: string;
  offset: number;
}

/** A value as it would be with its aliases expanded: how many values it holds and how deep it nests. */
interface Expanded {
  size: number;
  height: number;
}

/** A mapping or sequence still being read, and the anchor it defines. */
interface OpenCollection extends Expanded {
  open: true;
  anchor: string | null;
}

/**
 * Walks a file's events once, as if every alias were expanded, without expanding anything.
 * js-yaml builds an alias as a shared reference, so a "billion laughs" document is tiny in memory
 * but explodes in anything that walks it, an alias inside its own anchor builds a cycle, and a
 * chain of aliases nests deeper than `maxDepth` allows; each is caught here, before the documents
 * are constructed. Values added through aliases are counted: plain values are bounded by the
 * text size. Anchors are scoped to their document, as in YAML.
 */
export function checkAliases(
  text: string,
  events: readonly Event[],
  limits: { maxExpandedNodes: number; maxDepth: number },
): AliasProblem | null {
  if (!events.some((e) => e.type === EVENT_ID.ALIAS)) return null;
  let anchors = new Map<string, OpenCollection | Expanded>();
  const open: (OpenCollection | null)[] = []; // null marks a document
  let depth = 0;
  let added = 0;
  const place = (value: Expanded) => {
    const parent = open[open.length - 1];
    if (!parent) return;
    parent.size += value.size;
    parent.height = Math.max(parent.height, value.height + 1);
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        anchors = new Map();
        open.push(null);
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING: {
        const anchor = event.anchorStart >= 0 ? text.slice(event.anchorStart, event.anchorEnd) : null;
        const collection: OpenCollection = { open: true, anchor, size: 1, height: 1 };
        if (anchor !== null) anchors.set(anchor, collection);
        open.push(collection);
        depth++;
        break;
      }
      case EVENT_ID.SCALAR: {
        const scalar = { size: 1, height: 0 };
        if (event.anchorStart >= 0) anchors.set(text.slice(event.anchorStart, event.anchorEnd), scalar);
        place(scalar);
        break;
      }
      case EVENT_ID.ALIAS: {
        const anchor = text.slice(event.anchorStart, event.anchorEnd);
        const target = anchors.get(anchor);
        // An unknown anchor is left to the constructor, which reports it.
        if (!target) break;
        const offset = event.anchorStart - 1;
        if ("open" in target) return { kind: "recursive", anchor, offset };
        added += target.size;
        if (added > limits.maxExpandedNodes) return { kind: "too-many-values", anchor, offset };
        if (depth + target.height > limits.maxDepth) return { kind: "too-deep", anchor, offset };
        place(target);
        break;
      }
      case EVENT_ID.POP: {
        const closed = open.pop();
        if (!closed) break;
        depth--;
        const done: Expanded = { size: closed.size, height: closed.height };
        // The anchor now names the finished value, unless a later anchor took the name.
        if (closed.anchor !== null && anchors.get(closed.anchor) === closed) anchors.set(closed.anchor, done);
        place(done);
        break;
      }
    }
  }
  return null;
}
