/**
 * Cases from microservices-demo/expectations/online-boutique.yaml in the mesh: the `istio`
 * section's entry and egress cases and notes, and every call edge between injected pods.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { expect } from "vitest";
import {
  type Analysis,
  expectDecidedBy,
  expectDelivered,
  expectSidecarToSidecar,
  type MeshCase,
  podPortOf,
  sendFromPod,
  sendThroughGateway,
  serviceHop,
} from "./istioHarness";
import {
  applyInOrder,
  gatewayVirtualService,
  INJECTED_DEFAULT_NAMESPACE,
  type ManifestFile,
  meshVirtualService,
} from "./istioManifests";

interface ServiceSpec {
  port: number;
  targetPort: number;
  selector?: Record<string, string>;
}
interface CallEdge {
  from?: string;
  to?: string;
  expect?: { error?: string; podPort?: number };
}
interface IstioCase {
  via?: string;
  host?: string;
  path?: string;
  from?: string;
  to?: string;
  expect: { service?: string; port?: number; podPort?: number; serviceEntry?: string };
}
interface Boutique {
  services: Record<string, ServiceSpec>;
  callEdges: CallEdge[];
  istio: { manifests: string; cases: IstioCase[] };
}

const NAMESPACE = "default";
/** "host: any": both gateways accept every host. */
const ANY_HOST = "boutique.example.com";

/**
 * release/istio-manifests.yaml (what the file names) enters through a Gateway API Gateway, which
 * the engine does not route yet. istio-manifests/ holds the same entry as an Istio Gateway
 * (`frontend-gateway`, server port 80, the ingress gateway Service's port, so it listens on the
 * pods' 8080) with VirtualService `frontend-ingress`; the entry cases also run there.
 */
const ISTIO_GATEWAY_FILES = [
  "istio-manifests/frontend.yaml",
  "istio-manifests/frontend-gateway.yaml",
  "istio-manifests/allow-egress-googleapis.yaml",
];
const GATEWAY_API_PENDING =
  "Gateway API Gateway + HTTPRoute: the expectations file says these wait for Gateway API routing";

/** "frontend-sidecar" is the frontend pod, whose sidecar sees the outbound call. */
function workloadOf(from: string): string {
  return from.replace(/-sidecar$/, "");
}

function selectorOf(data: Boutique, service: string): Record<string, string> {
  return data.services[service]?.selector ?? { app: service };
}

function entryCase(data: Boutique, c: IstioCase, manifests: string, files: ManifestFile[]): MeshCase {
  const { service = "", port, podPort } = c.expect;
  const outcome = `${service}:${port}${podPort ? ` (pod ${podPort})` : ""}`;
  return {
    name: `${manifests}: ${c.via} ${c.host} ${c.path} ⇒ ${outcome}`,
    manifests,
    files,
    run: (analysis) => {
      const trace = sendThroughGateway(
        analysis,
        c.host === "any" ? ANY_HOST : (c.host ?? ANY_HOST),
        c.path ?? "/",
      );
      expect(serviceHop(trace, service)?.namespace, `a hop for Service ${service}`).toBe(NAMESPACE);
      const pod = podPort ?? podPortOf(analysis, NAMESPACE, service, port ?? 0);
      expectDelivered(trace, { labels: selectorOf(data, service), port: pod });
      // Only the VirtualService bound to the Gateway decides here; `frontend` is for sidecars only.
      expectDecidedBy(trace, service, { virtualService: gatewayVirtualService(files) });
    },
  };
}

function egressCase(c: IstioCase, manifests: string, files: ManifestFile[]): MeshCase {
  const entry = c.expect.serviceEntry ?? "";
  return {
    name: `${manifests}: ${c.from} → ${c.to} ⇒ ServiceEntry ${entry}`,
    manifests,
    files,
    run: (analysis) => {
      const from = `${NAMESPACE}/${workloadOf(c.from ?? "")}`;
      const trace = sendFromPod(analysis, { from, url: c.to ?? "" });
      // The ServiceEntry puts the host in the registry: the sidecar lets it out of the mesh.
      expect(trace.outcome.reason).toBe("external");
      const sidecar = trace.hops.find((h) => h.kind === "sidecar" && h.namespace === NAMESPACE);
      expect(sidecar?.explanation ?? "(no sidecar hop)").toContain(`ServiceEntry ${entry}`);
    },
  };
}

/** The `frontend` VirtualService (FQDN host, no `gateways`) applies to sidecars calling `frontend`. */
function meshVirtualServiceCase(manifests: string, files: ManifestFile[]): MeshCase {
  const virtualService = meshVirtualService(files, "frontend");
  return {
    name: `${manifests}: loadgenerator → frontend:80 ⇒ decided by VirtualService ${virtualService} (mesh)`,
    manifests,
    files,
    run: (analysis) => {
      const trace = sendFromPod(analysis, { from: `${NAMESPACE}/loadgenerator`, url: "http://frontend:80/" });
      expectDelivered(trace, { labels: { app: "frontend" } });
      expectDecidedBy(trace, "frontend", { virtualService });
    },
  };
}

function callEdgeCase(data: Boutique, edge: CallEdge, manifests: string, files: ManifestFile[]): MeshCase {
  const to = edge.to ?? "";
  const [service = ""] = to.split(":");
  const podPort = edge.expect?.podPort ?? data.services[service]?.targetPort;
  return {
    name: `${manifests}: ${edge.from} → ${to} ⇒ ${edge.expect?.error ? "nxdomain" : `sidecar to sidecar, pod port ${podPort}`}`,
    manifests,
    files,
    run: (analysis: Analysis) => {
      const trace = sendFromPod(analysis, { from: `${NAMESPACE}/${edge.from}`, url: `http://${to}/` });
      // The application resolves the name before its sidecar sees anything.
      if (edge.expect?.error) return expect(trace.outcome.reason).toBe("nxdomain");
      expectDelivered(trace, { labels: selectorOf(data, service), ...(podPort ? { port: podPort } : {}) });
      expectSidecarToSidecar(trace, service, NAMESPACE, NAMESPACE);
    },
  };
}

export function boutiqueMeshCases(dir: string): MeshCase[] {
  const data = load(readFileSync(join(dir, "expectations/online-boutique.yaml"), "utf8")) as Boutique;
  const read = (path: string): ManifestFile => ({ name: path, text: readFileSync(join(dir, path), "utf8") });
  const workloads = read("release/kubernetes-manifests.yaml");
  const release = "microservices-demo release";
  const releaseFiles = applyInOrder([INJECTED_DEFAULT_NAMESPACE, workloads, read(data.istio.manifests)]);
  const istioGateway = "microservices-demo istio-manifests";
  const istioGatewayFiles = applyInOrder([
    INJECTED_DEFAULT_NAMESPACE,
    workloads,
    ...ISTIO_GATEWAY_FILES.map(read),
  ]);

  const cases: MeshCase[] = [];
  for (const c of data.istio.cases) {
    if (c.via) {
      cases.push({ ...entryCase(data, c, release, releaseFiles), skip: GATEWAY_API_PENDING });
      cases.push(entryCase(data, { ...c, via: "istio-ingressgateway" }, istioGateway, istioGatewayFiles));
    } else if (c.expect.serviceEntry) {
      cases.push(egressCase(c, release, releaseFiles));
    }
  }
  cases.push(meshVirtualServiceCase(release, releaseFiles));
  for (const edge of data.callEdges)
    if (edge.from && edge.to) cases.push(callEdgeCase(data, edge, release, releaseFiles));
  return cases;
}
