import type { DiagnosticCode } from "../src/engine/diagnostics";
import { seededRandom } from "../src/engine/random";

/**
 * Input nobody should write but anybody can paste: garbage, huge, deep, self-referencing.
 * Shared by test/hostile.test.ts (what analyze() answers) and bench/run.ts (how fast).
 */
export interface HostileCase {
  name: string;
  /** Built on demand: several inputs are megabytes. */
  text: () => string;
  /** Objects kept without any error, or the first error reported (and where, when it is known). */
  expect: { objects: number } | { error: DiagnosticCode; line?: number; column?: number };
}

const MB = 1024 * 1024;

function bytesAsLatin1(count: number, seed: number, allowNul: boolean): string {
  const random = seededRandom(seed);
  let out = "";
  for (let i = 0; i < count; i++) {
    const byte = Math.floor(random() * 256);
    out += String.fromCharCode(allowNul || byte !== 0 ? byte : 1);
  }
  return out;
}

/** Every document has the same length, so the number that fits in a size is known. */
function service(n: number): string {
  const i = String(n).padStart(6, "0");
  return `---
apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  labels: {app: app-${i}}
spec:
  selector: {app: app-${i}}
  ports:
    - name: http
      port: 80
      targetPort: http
`;
}

function configMap(name: string, data: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${data}`;
}

/** Whole documents until the text reaches `bytes`. */
function repeatUntil(bytes: number, doc: (i: number) => string): string {
  const parts: string[] = [];
  let length = 0;
  while (length < bytes) {
    const d = doc(parts.length);
    parts.push(d);
    length += d.length;
  }
  return parts.join("");
}

/** "Billion laughs": each level is a list of `width` aliases of the level below. */
function billionLaughs(levels: number, width: number, style: "block" | "flow"): string {
  let text = "l0: &l0 [lol]\n";
  for (let level = 1; level <= levels; level++) {
    const aliases = Array.from({ length: width }, () => `*l${level - 1}`);
    text +=
      style === "flow"
        ? `l${level}: &l${level} [${aliases.join(", ")}]\n`
        : `l${level}: &l${level}\n${aliases.map((a) => `  - ${a}\n`).join("")}`;
  }
  return text;
}

/** Each anchor nests the previous one 95 levels deeper: shallow as written, very deep expanded. */
function aliasChain(anchors: number): string {
  let text = "";
  for (let i = 0; i < anchors; i++) {
    const inner = i === 0 ? "x" : `*c${i - 1}`;
    text += `c${i}: &c${i} ${"[".repeat(95)}${inner}${"]".repeat(95)}\n`;
  }
  return text;
}

const FIVE_MB_SERVICES = 5 * MB;

export const HOSTILE_CASES: HostileCase[] = [
  { name: "empty text", text: () => "", expect: { objects: 0 } },
  {
    name: "whitespace and comments only",
    text: () => "\n   \n# nothing here\n\t\n  # indented comment\n---\n# another document\n...\n",
    expect: { objects: 0 },
  },
  {
    name: "random bytes with NUL, read as latin1",
    text: () => bytesAsLatin1(64 * 1024, 7, true),
    expect: { error: "yaml-syntax" },
  },
  {
    name: "random bytes without NUL, read as latin1",
    text: () => bytesAsLatin1(64 * 1024, 11, false),
    expect: { error: "yaml-syntax" },
  },
  {
    name: "invalid UTF-8 sequences in a value (decoded to U+FFFD)",
    text: () =>
      new TextDecoder().decode(
        new Uint8Array([
          ...new TextEncoder().encode(configMap("bad-utf8", "  key: ")),
          ...[0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xff, 0xfe, 0x0a],
        ]),
      ),
    expect: { objects: 1 },
  },
  {
    name: "a lone UTF-16 surrogate",
    text: () => configMap("surrogate", "  key: a\uD800b\n"),
    expect: { error: "yaml-syntax", line: 6, column: 9 },
  },
  {
    name: "5 MB of valid YAML",
    text: () => repeatUntil(FIVE_MB_SERVICES, service),
    expect: { objects: Math.ceil(FIVE_MB_SERVICES / service(0).length) },
  },
  {
    name: "10,000 small documents",
    text: () => Array.from({ length: 10_000 }, (_, i) => configMap(`cm-${i}`, "  k: v\n")).join("---\n"),
    expect: { objects: 10_000 },
  },
  {
    name: "10,000 nested block sequences",
    text: () => `${"- ".repeat(10_000)}x\n`,
    expect: { error: "yaml-syntax", line: 1 },
  },
  {
    name: "1,000 nested block mappings",
    text: () => Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i)}k${i}:\n`).join(""),
    // js-yaml stops at the key whose value would open level 101: k99, on line 100.
    expect: { error: "yaml-syntax", line: 100, column: 100 },
  },
  {
    name: "10,000 nested flow sequences [[[[",
    text: () => "[".repeat(10_000),
    expect: { error: "yaml-syntax", line: 1 },
  },
  {
    name: "10,000 nested flow mappings {a: {a: ...",
    text: () => `${"{a: ".repeat(10_000)}1${"}".repeat(10_000)}`,
    expect: { error: "yaml-syntax", line: 1 },
  },
  {
    name: "billion laughs, block style (9 levels x 9 aliases)",
    text: () => billionLaughs(9, 9, "block"),
    expect: { error: "alias-bomb" },
  },
  {
    name: "billion laughs, flow style (10 levels x 10 aliases)",
    text: () => billionLaughs(10, 10, "flow"),
    expect: { error: "alias-bomb", line: 8, column: 10 },
  },
  {
    name: "billion laughs inside a ConfigMap",
    text: () => configMap("lol", billionLaughs(9, 9, "flow").replace(/^/gm, "  ")),
    expect: { error: "alias-bomb" },
  },
  {
    name: "an alias inside its own anchor",
    text: () => "a: &a [*a]\n",
    expect: { error: "yaml-syntax", line: 1, column: 8 },
  },
  {
    name: "a pod template that contains itself",
    text: () =>
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n  template: &t\n    metadata: {labels: {app: d}}\n    spec:\n      containers: [{name: c, image: i}]\n      extra: *t\n",
    expect: { error: "yaml-syntax", line: 10, column: 14 },
  },
  {
    name: "a merge key that merges its own mapping",
    text: () => "apiVersion: v1\nkind: Namespace\nmetadata: &m\n  name: x\n  <<: *m\n",
    expect: { error: "yaml-syntax", line: 5, column: 7 },
  },
  {
    name: "a chain of aliases nesting 9,500 levels deep",
    text: () => aliasChain(100),
    expect: { error: "alias-bomb", line: 2 },
  },
  {
    name: "100,000 aliases of one scalar",
    text: () => configMap("aliases", `  a: &a x\nlist: [${"*a, ".repeat(99_999)}*a]\n`),
    expect: { objects: 1 },
  },
  {
    name: "a 5 MB line",
    text: () => configMap("long-line", `  line: ${"0123456789".repeat(MB / 2)}\n`),
    expect: { objects: 1 },
  },
  {
    name: "a 5 MB double-quoted string",
    text: () => configMap("quoted", `  s: "${"a\\u00e9 \\t".repeat((5 * MB) / 10)}"\n`),
    expect: { objects: 1 },
  },
  {
    name: "a 5 MB block scalar",
    text: () => configMap("block", `  s: |\n${"    0123456789abcdef\n".repeat((5 * MB) / 21)}`),
    expect: { objects: 1 },
  },
  {
    name: "a mapping with 100,000 keys",
    text: () =>
      configMap("keys", Array.from({ length: 100_000 }, (_, i) => `  key-${i}: value-${i}\n`).join("")),
    expect: { objects: 1 },
  },
  {
    name: "<< merge keys",
    text: () =>
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: &labels\n    app: web\n    tier: front\nspec:\n  selector:\n    <<: *labels\n  ports: [{port: 80}]\n",
    expect: { objects: 1 },
  },
  {
    name: "more than 12 MB",
    text: () => repeatUntil(12 * MB + 1, service),
    expect: { error: "input-too-large", line: 1, column: 1 },
  },
  {
    name: "bare CR line endings",
    text: () => "apiVersion: v1\rkind: Service\rmetadata:\r  name: s\rspec:\r  ports:\r  - port: 99999\r",
    expect: { error: "port-out-of-range", line: 7, column: 5 },
  },
  {
    name: "an unknown tag",
    text: () => "apiVersion: v1\nkind: Namespace\nmetadata: {name: !!binary aGk=}\n",
    expect: { error: "yaml-syntax", line: 3, column: 18 },
  },
];
