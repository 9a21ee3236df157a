/**
 * True when the documents, with every YAML alias expanded, hold more than `limit` values.
 * js-yaml builds aliases as shared references, so a "billion laughs" document is small in memory
 * but explodes in anything that walks it. Sizes are memoised per shared object, so this costs one
 * pass over the distinct values.
 */
export function expandedSizeExceeds(documents: readonly unknown[], limit: number): boolean {
  const memo = new Map<object, number>();
  const sizeOf = (value: unknown): number => {
    if (typeof value !== "object" || value === null) return 1;
    const known = memo.get(value);
    if (known !== undefined) return known;
    memo.set(value, 1); // a cycle counts once instead of recursing forever
    let total = 1;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      total += sizeOf(child);
      if (total > limit) break;
    }
    memo.set(value, total);
    return total;
  };
  let total = 0;
  for (const doc of documents) {
    total += sizeOf(doc);
    if (total > limit) return true;
  }
  return false;
}
