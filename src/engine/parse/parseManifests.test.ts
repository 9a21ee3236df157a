import { describe, expect, it } from "vitest";
import { locateField, parseManifests } from "./parseManifests";

const parse = (text: string) => parseManifests([{ name: "m.yaml", text }]);

describe("parseManifests", () => {
  it.each([
    [
      "multi-document YAML",
      "kind: Service\napiVersion: v1\nmetadata: {name: a}\n---\nkind: Pod\napiVersion: v1\nmetadata: {name: b}\n",
      ["Service/a@1", "Pod/b@5"],
    ],
    ["JSON", '{"kind": "Service", "apiVersion": "v1", "metadata": {"name": "a"}}', ["Service/a@1"]],
    [
      "kind: List items",
      "kind: List\napiVersion: v1\nitems:\n- kind: Pod\n  apiVersion: v1\n  metadata: {name: p}\n- kind: Service\n  apiVersion: v1\n  metadata: {name: s}\n",
      ["Pod/p@4", "Service/s@7"],
    ],
    [
      "Helm `# Source:` comments and empty documents",
      "---\n# Source: chart/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\n---\n",
      ["Service/a@3"],
    ],
  ])("reads %s with each object's line", (_name, text, expected) => {
    const { objects, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(objects.map((o) => `${o.kind}/${o.name}@${o.source.line}`)).toEqual(expected);
  });

  it("defaults the namespace of namespaced kinds only", () => {
    const { objects } = parse(
      "kind: Pod\napiVersion: v1\nmetadata: {name: p}\n---\nkind: Node\napiVersion: v1\nmetadata: {name: n}\n",
    );
    expect(objects.map((o) => o.namespace)).toEqual(["default", ""]);
  });

  it("locates a field of an object by its path", () => {
    const manifest = parse(
      "kind: Service\napiVersion: v1\nmetadata:\n  name: a\nspec:\n  ports:\n  - port: 80\n    nodePort: 99\n",
    );
    const object = manifest.objects[0];
    if (!object) throw new Error("no object");
    expect(locateField(manifest, object, ["spec", "ports", 0, "nodePort"])).toMatchObject({
      line: 8,
      column: 5,
    });
  });

  it.each([
    ["broken YAML", "a: [1\nb: 2", "yaml-syntax", 2],
    ["a scalar document", "just text", "not-an-object", 1],
    ["a document without kind", "metadata: {name: a}", "missing-kind", 1],
    ["an object without name", "kind: Pod\napiVersion: v1\nmetadata: {}", "missing-name", 1],
  ])("reports %s with its line", (_name, text, code, line) => {
    const { diagnostics } = parse(text);
    expect(diagnostics).toMatchObject([{ code, line }]);
  });

  it("keeps the last of two objects with the same kind, namespace and name", () => {
    const { objects, diagnostics } = parse(
      "kind: Pod\napiVersion: v1\nmetadata: {name: p, labels: {v: '1'}}\n---\nkind: Pod\napiVersion: v1\nmetadata: {name: p, labels: {v: '2'}}\n",
    );
    expect(objects).toHaveLength(1);
    expect(objects[0]?.source.line).toBe(5);
    expect(diagnostics).toMatchObject([{ code: "duplicate-object", line: 1 }]);
  });
});
