import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { analyze } from "../src/engine/analyze";
import { routeRequest } from "../src/engine/trace";

/** Third-party manifests and expectations, kept beside the repository (see its README). */
const CONFORMANCE = resolve(import.meta.dirname, "../../shared/conformance");
const present = existsSync(CONFORMANCE);
if (!present && process.env.CI) throw new Error(`conformance data missing at ${CONFORMANCE}`);

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === "expectations" ? [] : yamlFilesUnder(path);
    return /\.ya?ml$/.test(entry) && entry !== "kustomization.yaml" ? [path] : [];
  });
}

const manifestSets = present
  ? ["k8s-website-examples", "microservices-demo"].flatMap((set) => yamlFilesUnder(join(CONFORMANCE, set)))
  : [];

describe.skipIf(!present)("third-party manifests load without an error", () => {
  it.each(manifestSets.map((path) => [relative(CONFORMANCE, path), path]))("%s", (_name, path) => {
    const { diagnostics } = analyze([{ name: path, text: readFileSync(path, "utf8") }]);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});

interface CallEdge {
  from?: string;
  to?: string;
  expect?: { error?: string; podPort?: number };
}
interface Boutique {
  services: Record<string, { port: number; targetPort: number; selector?: Record<string, string> }>;
  callEdges: CallEdge[];
}

describe.skipIf(!present)("Online Boutique: every call edge lands where its Service says", () => {
  const dir = join(CONFORMANCE, "microservices-demo");
  const expectations = present
    ? (load(readFileSync(join(dir, "expectations/online-boutique.yaml"), "utf8")) as Boutique)
    : { services: {}, callEdges: [] };
  const analysis = present
    ? analyze([
        {
          name: "kubernetes-manifests.yaml",
          text: readFileSync(join(dir, "release/kubernetes-manifests.yaml"), "utf8"),
        },
      ])
    : null;
  const edges = expectations.callEdges.filter(
    (e): e is Required<Pick<CallEdge, "from" | "to">> & CallEdge => !!e.from && !!e.to,
  );

  it.each(edges.map((e) => [`${e.from} -> ${e.to}`, e]))("%s", (_name, edge) => {
    if (!analysis) return;
    const [service, port] = edge.to.split(":");
    const trace = routeRequest(analysis, { url: `http://${edge.to}/`, from: `default/${edge.from}` });
    if (edge.expect?.error) {
      expect(trace.outcome.reason).toBe("nxdomain");
      return;
    }
    const spec = expectations.services[service ?? ""];
    expect(trace.outcome).toMatchObject({ delivered: true });
    expect(trace.hops.find((h) => h.kind === "service")).toMatchObject({
      name: service,
      address: expect.stringMatching(new RegExp(`:${port}$`)),
    });
    expect(trace.destination?.port).toBe(edge.expect?.podPort ?? spec?.targetPort);
    // The destination pod carries the Service's selector labels (default: app=<service>).
    expect(trace.destination?.labels).toMatchObject({ app: service });
  });

  it("sends frontend-external's load balancer traffic to a frontend pod on 8080", () => {
    if (!analysis) return;
    const lb = analysis.cluster.services.find((s) => s.name === "frontend-external");
    const trace = routeRequest(analysis, { url: `http://${lb?.loadBalancerIPs[0]}:80/` });
    expect(trace.hops.map((h) => h.kind).slice(0, 3)).toEqual(["client", "load-balancer", "node"]);
    expect(trace.destination).toMatchObject({ port: 8080, labels: { app: "frontend" } });
  });
});
