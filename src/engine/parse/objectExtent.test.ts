import { describe, expect, it } from "vitest";
import { objectExtent } from "./objectExtent";
import { parseManifests } from "./parseManifests";

const text = `apiVersion: v1
kind: Service
metadata:
  name: a
spec:
  ports: [{port: 80}]

---
# the second
apiVersion: v1
kind: Service
metadata:
  name: b
`;

describe("objectExtent", () => {
  const manifest = parseManifests([{ name: "m.yaml", text }]);
  it.each([
    { name: "a", extent: { file: "m.yaml", from: 1, to: 6 } },
    { name: "b", extent: { file: "m.yaml", from: manifest.objects[1]?.source.line, to: 13 } },
  ])("Service $name spans its own lines", ({ name, extent }) => {
    expect(objectExtent(manifest, { kind: "Service", namespace: "default", name })).toEqual(extent);
  });

  it("an object that is not there has no extent", () => {
    expect(objectExtent(manifest, { kind: "Service", namespace: "default", name: "c" })).toBeNull();
  });
});
