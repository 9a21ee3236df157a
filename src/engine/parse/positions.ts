import { EVENT_ID, type Event, getScalarValue } from "js-yaml";

/** A field path inside a document: mapping keys and sequence indexes, as in `spec.ports[0].port`. */
export type FieldPath = readonly (string | number)[];

/** 1-based line and column, the way editors and `kubectl` report them. */
export interface LineColumn {
  line: number;
  column: number;
}

/**
 * Offsets of the first character of every line, for offset -> line/column lookups. YAML breaks
 * lines at `\n`, `\r\n` and a lone `\r`, and js-yaml's error marks count them the same way.
 */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  if (!text.includes("\r")) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

export function lineColumnAt(lineStarts: readonly number[], offset: number): LineColumn {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
}

/** Source offset where the node that starts at event `i` begins; -1 for events without one. */
export function eventOffset(event: Event | undefined): number {
  if (!event) return -1;
  switch (event.type) {
    case EVENT_ID.MAPPING:
    case EVENT_ID.SEQUENCE:
      return event.start;
    case EVENT_ID.SCALAR:
      return event.tagStart >= 0 ? Math.min(event.tagStart, event.valueStart) : event.valueStart;
    case EVENT_ID.ALIAS:
      return event.anchorStart;
    default:
      return -1;
  }
}

/** Index of the event just after the node that starts at `i` (skips a whole subtree). */
export function skipNode(events: readonly Event[], i: number): number {
  const first = events[i];
  if (!first || (first.type !== EVENT_ID.MAPPING && first.type !== EVENT_ID.SEQUENCE)) return i + 1;
  let depth = 0;
  for (let j = i; j < events.length; j++) {
    const type = events[j]?.type;
    if (type === EVENT_ID.MAPPING || type === EVENT_ID.SEQUENCE) depth++;
    else if (type === EVENT_ID.POP && --depth === 0) return j + 1;
  }
  return events.length;
}

/** The child of the node at event `node` under `segment`: its key event (mappings) and value event. */
export function findChild(
  text: string,
  events: readonly Event[],
  node: number,
  segment: string | number,
): { key: number; value: number } | null {
  const event = events[node];
  if (event?.type === EVENT_ID.MAPPING && typeof segment === "string") {
    let i = node + 1;
    while (i < events.length && events[i]?.type !== EVENT_ID.POP) {
      const key = events[i];
      const value = skipNode(events, i);
      if (key?.type === EVENT_ID.SCALAR && getScalarValue(text, key) === segment) return { key: i, value };
      i = skipNode(events, value);
    }
  } else if (event?.type === EVENT_ID.SEQUENCE && typeof segment === "number") {
    let i = node + 1;
    for (let n = 0; n < segment && i < events.length && events[i]?.type !== EVENT_ID.POP; n++) {
      i = skipNode(events, i);
    }
    if (events[i] && events[i]?.type !== EVENT_ID.POP) return { key: i, value: i };
  }
  return null;
}

/**
 * Offset of the deepest node on `path` below the node starting at event `start`.
 * Walks the flat event stream instead of keeping a tree, so positions cost nothing until a
 * diagnostic or an explanation asks for one. For a mapping entry the key's offset is returned,
 * which is the line people read as "the line of that field".
 */
export function locatePath(text: string, events: readonly Event[], start: number, path: FieldPath): number {
  let node = start;
  let best = eventOffset(events[node]);
  for (const segment of path) {
    const child = findChild(text, events, node, segment);
    if (!child) break;
    best = eventOffset(events[child.key]);
    node = child.value;
  }
  return best;
}
