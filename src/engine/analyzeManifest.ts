import type { Diagnostic } from "./diagnostics";
import { readDestinationRule } from "./kinds/destinationRule";
import { type ManualEndpointsDecl, readEndpointSlice, readEndpoints } from "./kinds/endpoints";
import { INGRESS_API_VERSIONS, type IngressDecl, readIngress } from "./kinds/ingress";
import { type IngressClassDecl, readIngressClass } from "./kinds/ingressClass";
import { readGateway } from "./kinds/istioGateway";
import { type NodeDecl, readNode } from "./kinds/node";
import { readPeerAuthentication } from "./kinds/peerAuthentication";
import { type PodDecl, readPod } from "./kinds/pod";
import { record, stringMap } from "./kinds/read";
import type { SchemaCheck } from "./kinds/schemaCheck";
import { readService, type ServiceDecl } from "./kinds/service";
import { readServiceEntry } from "./kinds/serviceEntry";
import { readVirtualService } from "./kinds/virtualService";
import { readWorkload, WORKLOAD_KINDS, type WorkloadDecl } from "./kinds/workload";
import type { Analysis, ClusterSettings, OtherObject } from "./model";
import { type Manifest, type ManifestFile, parseManifests, withAssumedFiles } from "./parse/parseManifests";
import { assumedIstioFiles } from "./reconcile/assumedIstio";
import { buildEndpoints } from "./reconcile/buildEndpoints";
import { buildIngressNginx } from "./reconcile/buildIngressNginx";
import { buildMesh, type MeshDecls } from "./reconcile/buildMesh";
import { buildNodes } from "./reconcile/buildNodes";
import { buildPods } from "./reconcile/buildPods";
import { buildServices, SERVICE_CIDR } from "./reconcile/buildServices";
import { type ReconcileContext, report } from "./reconcile/context";
import {
  ASSUMED_CONTROLLER,
  findController,
  isAssumed,
  needsAssumedController,
} from "./reconcile/ingressController";
import { injectSidecars } from "./reconcile/injectSidecars";
import { lintIngresses } from "./reconcile/lintIngresses";
import { lintMesh } from "./reconcile/lintMesh";
import { lintServices } from "./reconcile/lintServices";

export const DEFAULT_SETTINGS: ClusterSettings = {
  proxyMode: "iptables",
  clusterDomain: "cluster.local",
  serviceCIDR: SERVICE_CIDR,
};

const ISTIO_NETWORKING = [
  "networking.istio.io/v1",
  "networking.istio.io/v1beta1",
  "networking.istio.io/v1alpha3",
];

/** The API groups whose versions of these kinds the engine understands. */
const SIMULATED: Record<string, readonly string[]> = {
  Namespace: ["v1"],
  Node: ["v1"],
  Pod: ["v1"],
  Service: ["v1"],
  Endpoints: ["v1"],
  EndpointSlice: ["discovery.k8s.io/v1"],
  Deployment: ["apps/v1"],
  ReplicaSet: ["apps/v1"],
  StatefulSet: ["apps/v1"],
  DaemonSet: ["apps/v1"],
  Ingress: INGRESS_API_VERSIONS,
  IngressClass: ["networking.k8s.io/v1"],
  // Read only for their names: an Ingress's TLS section refers to them.
  Secret: ["v1"],
  VirtualService: ISTIO_NETWORKING,
  DestinationRule: ISTIO_NETWORKING,
  Gateway: ISTIO_NETWORKING,
  PeerAuthentication: ["security.istio.io/v1", "security.istio.io/v1beta1"],
  ServiceEntry: ISTIO_NETWORKING,
};

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * YAML text -> typed objects -> reconciled cluster -> diagnostics, checked against the given
 * schemas (none: no schema diagnostics). Everything goes through here, and it never throws on bad
 * input; `analyze` is this with the Kubernetes schemas.
 */
export function analyzeWith(
  schemas: SchemaCheck | null,
  files: readonly ManifestFile[],
  settings: Partial<ClusterSettings> = {},
): Analysis {
  const manifest = parseManifests(files);
  // Ingresses need a controller, a mesh needs istiod and gateways: add the standard ones, each as
  // a file of its own, so every object still points at the YAML that made it.
  const assumed = [
    ...(needsAssumedController(manifest.objects) ? [ASSUMED_CONTROLLER] : []),
    ...assumedIstioFiles(manifest.objects),
  ];
  return reconcileManifest(withAssumedFiles(manifest, assumed), settings, schemas);
}

/**
 * Everything after parsing: typed objects, the reconciled cluster, the sorted diagnostics.
 * A stage of its own so that `npm run bench` can time reconcile apart from YAML parsing.
 */
export function reconcileManifest(
  manifest: Manifest,
  settings: Partial<ClusterSettings> = {},
  schemas: SchemaCheck | null = null,
): Analysis {
  const ctx: ReconcileContext = { manifest, diagnostics: [...manifest.diagnostics] };
  const nodes: NodeDecl[] = [];
  const pods: PodDecl[] = [];
  const workloads: WorkloadDecl[] = [];
  const services: ServiceDecl[] = [];
  const manualEndpoints: ManualEndpointsDecl[] = [];
  const others: OtherObject[] = [];
  const ingresses: IngressDecl[] = [];
  const ingressClasses: IngressClassDecl[] = [];
  const secrets = new Set<string>();
  const namespaceLabels = new Map<string, Record<string, string>>();
  const mesh: MeshDecls = {
    virtualServices: [],
    destinationRules: [],
    gateways: [],
    peerAuthentications: [],
    serviceEntries: [],
    meshConfig: null,
  };
  const namespaces = new Set(["default"]);

  for (const object of manifest.objects) {
    if (object.namespace) namespaces.add(object.namespace);
    const schemaErrors = schemas?.validate(object.apiVersion, object.kind, object.body) ?? [];
    for (const e of schemaErrors) {
      report(
        ctx,
        object,
        "schema",
        `${object.kind} ${object.name}: ${e.path.length ? e.path.join(".") : "the object"} ${e.message}.`,
        e.path,
      );
    }
    // Istio's MeshConfig (outboundTrafficPolicy) lives in the `istio` ConfigMap of istio-system.
    if (object.kind === "ConfigMap" && object.name === "istio" && object.namespace === "istio-system") {
      mesh.meshConfig = object;
    }
    if (!SIMULATED[object.kind]?.includes(object.apiVersion)) {
      others.push({
        kind: object.kind,
        apiVersion: object.apiVersion,
        namespace: object.namespace,
        name: object.name,
        source: object.source,
      });
      report(
        ctx,
        object,
        "not-simulated",
        `${object.apiVersion} ${object.kind} ${object.name} is kept but not simulated.`,
      );
      continue;
    }
    switch (object.kind) {
      case "Namespace":
        namespaces.add(object.name);
        namespaceLabels.set(object.name, stringMap(record(object.body.metadata).labels));
        break;
      case "VirtualService":
        mesh.virtualServices.push(readVirtualService(object));
        break;
      case "DestinationRule":
        mesh.destinationRules.push(readDestinationRule(object));
        break;
      case "Gateway":
        mesh.gateways.push(readGateway(object));
        break;
      case "PeerAuthentication":
        mesh.peerAuthentications.push(readPeerAuthentication(object));
        break;
      case "ServiceEntry":
        mesh.serviceEntries.push(readServiceEntry(object));
        break;
      case "Node":
        nodes.push(readNode(object));
        break;
      case "Pod":
        pods.push(readPod(object));
        break;
      case "Service":
        services.push(readService(object, (code, message, path) => report(ctx, object, code, message, path)));
        break;
      case "Endpoints":
        manualEndpoints.push(readEndpoints(object));
        break;
      case "EndpointSlice":
        manualEndpoints.push(readEndpointSlice(object));
        break;
      case "Ingress":
        ingresses.push(
          readIngress(object, (code, message, path) => report(ctx, object, code, message, path)),
        );
        break;
      case "IngressClass":
        ingressClasses.push(readIngressClass(object));
        break;
      case "Secret":
        secrets.add(`${object.namespace}/${object.name}`);
        break;
      default:
        if (WORKLOAD_KINDS.has(object.kind)) workloads.push(readWorkload(object));
    }
  }

  const simNodes = buildNodes(nodes);
  // Injection needs istiod: the mesh is in use exactly when the assumed (or a real) istiod runs.
  const built = buildPods(ctx, pods, workloads, simNodes, nodes);
  const meshInUse = built.some((p) => p.labels.app === "istiod");
  const simPods = meshInUse ? injectSidecars(built, namespaceLabels, manifest.objects) : built;
  const simServices = buildServices(ctx, services);
  lintIngresses(ctx, ingresses, secrets);
  const controller = ingresses.length > 0 ? findController(simServices, ingressClasses) : null;
  const cluster = {
    settings: { ...DEFAULT_SETTINGS, ...settings },
    namespaces: [...namespaces].sort(),
    nodes: simNodes,
    pods: simPods,
    services: simServices,
    endpoints: buildEndpoints(ctx, simServices, simPods, manualEndpoints),
    ingress: buildIngressNginx(ctx, ingresses, ingressClasses, controller, secrets, simServices),
    mesh: buildMesh(mesh, meshInUse),
    others,
  };
  lintServices(ctx, services, cluster);
  lintMesh(ctx, mesh, cluster, namespaceLabels);
  // The assumed controller is our own YAML, not the user's: nothing in it is theirs to fix.
  const diagnostics: Diagnostic[] = ctx.diagnostics
    .filter((d) => !isAssumed(d))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        a.file.localeCompare(b.file) ||
        a.line - b.line ||
        a.column - b.column,
    );
  return { manifest, cluster, diagnostics };
}
