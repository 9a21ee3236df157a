/**
 * A small Gherkin reader for the ingress-controller-conformance `.feature` files: Feature,
 * Background, Scenario / Scenario Outline + Examples, steps with a doc string or a data table.
 * Only what those files use; enough to turn each scenario (and each Examples row) into one case.
 */

export interface Step {
  /** Given / When / Then / And / But / *: kept for messages, matching goes by text. */
  keyword: string;
  text: string;
  line: number;
  docString?: string;
  table?: string[][];
}

export interface Scenario {
  name: string;
  /** Free text under the title, e.g. "(exact /foo matches request /foo)". */
  description: string;
  line: number;
  steps: Step[];
  /** The Examples row this scenario was expanded from, header -> cell. */
  example?: Record<string, string>;
}

export interface Feature {
  name: string;
  tags: string[];
  background: Step[];
  scenarios: Scenario[];
}

interface Block {
  kind: "background" | "scenario" | "outline";
  name: string;
  description: string[];
  line: number;
  steps: Step[];
  examples: string[][];
}

const STEP = /^(Given|When|Then|And|But|\*)\s+(.*)$/;
const BLOCK = /^(Background|Scenario Outline|Scenario Template|Scenario|Example|Examples):\s*(.*)$/;

function cells(row: string): string[] {
  return row
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((c) => c.trim());
}

function substitute(text: string, row: Record<string, string>): string {
  return text.replace(/<([^<>]+)>/g, (whole, key: string) => row[key] ?? whole);
}

function expandOutline(block: Block): Scenario[] {
  const [header, ...rows] = block.examples;
  const base = { name: block.name, description: block.description.join(" "), line: block.line };
  // Strict Gherkin runs an outline without Examples zero times (load_balancing.feature has one).
  // Its steps have no <placeholders>, and the README describes it as a real check: run it once.
  if (!header) return [{ ...base, steps: block.steps }];
  return rows.map((cellsOfRow) => {
    const row = Object.fromEntries(header.map((key, i) => [key, cellsOfRow[i] ?? ""]));
    const steps = block.steps.map((s) => ({
      ...s,
      text: substitute(s.text, row),
      ...(s.docString !== undefined ? { docString: substitute(s.docString, row) } : {}),
      ...(s.table ? { table: s.table.map((r) => r.map((c) => substitute(c, row))) } : {}),
    }));
    return { ...base, steps, example: row };
  });
}

export function parseFeature(text: string): Feature {
  const lines = text.split(/\r?\n/);
  const feature: Feature = { name: "", tags: [], background: [], scenarios: [] };
  const blocks: Block[] = [];
  let block: Block | null = null;
  let inExamples = false;

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith('"""')) {
      // A doc string keeps its lines, less the indentation of the opening delimiter.
      const indent = raw.indexOf('"""');
      const body: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? "").trim().startsWith('"""'); i++) {
        body.push((lines[i] ?? "").slice(Math.min(indent, (lines[i] ?? "").search(/\S|$/))));
      }
      const step = block?.steps.at(-1);
      if (!step) throw new Error(`line ${i + 1}: a doc string outside a step`);
      step.docString = body.join("\n");
      continue;
    }
    if (line.startsWith("|")) {
      if (!block) throw new Error(`line ${i + 1}: a table outside a scenario`);
      if (inExamples) block.examples.push(cells(line));
      else {
        const step = block.steps.at(-1);
        if (!step) throw new Error(`line ${i + 1}: a table before any step`);
        step.table = [...(step.table ?? []), cells(line)];
      }
      continue;
    }
    if (line.startsWith("@")) {
      if (!feature.name) feature.tags.push(...line.split(/\s+/));
      continue;
    }
    if (line.startsWith("Feature:")) {
      feature.name = line.slice("Feature:".length).trim();
      continue;
    }
    const heading = BLOCK.exec(line);
    if (heading) {
      const [, keyword = "", name = ""] = heading;
      if (keyword === "Examples") {
        if (block?.kind !== "outline") throw new Error(`line ${i + 1}: Examples outside an outline`);
        inExamples = true;
        continue;
      }
      inExamples = false;
      const kind =
        keyword === "Background" ? "background" : keyword.startsWith("Scenario ") ? "outline" : "scenario";
      block = { kind, name, description: [], line: i + 1, steps: [], examples: [] };
      blocks.push(block);
      continue;
    }
    const step = STEP.exec(line);
    if (step && block) {
      block.steps.push({ keyword: step[1] ?? "", text: step[2] ?? "", line: i + 1 });
      continue;
    }
    // Free text: the feature's narrative, or a scenario's description before its first step.
    if (block && block.steps.length === 0) block.description.push(line);
  }

  for (const b of blocks) {
    if (b.kind === "background") feature.background.push(...b.steps);
    else if (b.kind === "outline") feature.scenarios.push(...expandOutline(b));
    else
      feature.scenarios.push({
        name: b.name,
        description: b.description.join(" "),
        line: b.line,
        steps: b.steps,
      });
  }
  return feature;
}
