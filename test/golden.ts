import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const DIR = fileURLToPath(new URL("./golden/", import.meta.url));

/**
 * Compares a whole text output with test/golden/<name>.golden.txt, the way Observable Plot's
 * test/plot.js does. A missing golden is written for a person to review and commit; that fails
 * on CI, where nobody reviews it. A different output is written beside it as <name>.changed.txt
 * (ignored by git) and fails: diff the two, and copy it over the golden if the change is right.
 */
export function expectGolden(name: string, actual: string): void {
  const text = actual.endsWith("\n") ? actual : `${actual}\n`;
  const golden = join(DIR, `${name}.golden.txt`);
  const changed = join(DIR, `${name}.changed.txt`);
  if (!existsSync(golden)) {
    writeFileSync(golden, text);
    if (process.env.CI) throw new Error(`${golden} was missing; it has been written: review and commit it.`);
    console.warn(`wrote ${golden}: review it and commit it`);
    return;
  }
  if (readFileSync(golden, "utf8") === text) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, text);
  throw new Error(`output differs from ${golden}; see ${changed}.`);
}
