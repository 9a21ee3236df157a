/**
 * The issue's mesh benchmark, the same on every run: 500 Services in five namespaces labelled
 * istio-injection=enabled, each with two Deployments (version v1 and v2, one or two replicas), a
 * DestinationRule with subsets v1/v2 and a VirtualService of 20 http routes. Ten more Services
 * (`plain-NN`) have no VirtualService. A Gateway with a gateway-bound VirtualService fronts part
 * of the mesh; `analyze()` adds istiod and the ingress gateway, as it does for a user's manifest.
 *
 * Route k (0-19) of every VirtualService, by k % 5:
 * - 0: uri exact `/rK`;
 * - 1: uri prefix `/rK/`;
 * - 2: uri regex `/rK/items/[0-9]+`;
 * - 3: header `x-route: rK` exact, or (a second match block) uri prefix `/rK/` with header
 *   `x-team` prefix `team-`;
 * - 4: uri prefix `/rK/` from callers labelled version: v2 (sourceLabels).
 * Route 19 has no match and takes every request left, split 70/30 between v1 and v2 like every
 * route with k % 4 == 1; k % 4 == 3 goes to v2, the others to v1; k % 6 == 5 sets a timeout.
 * Every fifth VirtualService injects an abort on route 6 and a delay on route 9, each for a
 * percentage of requests. DestinationRules vary the load balancer (default, ROUND_ROBIN,
 * consistent hash on a header).
 */
export interface MeshManifest {
  text: string;
  counts: {
    namespaces: number;
    services: number;
    plainServices: number;
    virtualServices: number;
    routes: number;
    destinationRules: number;
    peerAuthentications: number;
    gatewayRoutes: number;
    deployments: number;
    pods: number;
  };
  /** The requests the benchmark routes, and the sidecar whose Envoy configuration it renders. */
  targets: {
    /** `namespace/workload` of the source pod. */
    client: string;
    firstRoute: { url: string };
    lastRoute: { url: string };
    headerMatch: { url: string; headers: Record<string, string> };
    weighted: { url: string };
    noVirtualService: { url: string };
    gateway: { url: string; via: string };
  };
}

const SERVICES = 500;
const PLAIN_SERVICES = 10;
const NAMESPACES = 5;
const NODES = 12;
const ROUTES = 20;
const PORT = 8080;
/** Services the gateway-bound VirtualService routes to: every tenth one. */
const GATEWAY_EVERY = 10;
const GATEWAY_HOST = "shop.example.com";
const INGRESS_GATEWAY = "istio-system/istio-ingressgateway";

const pad = (i: number, width = 4) => String(i).padStart(width, "0");
const namespaceOf = (i: number) => `mesh-${pad(i % NAMESPACES, 2)}`;
const appOf = (i: number) => `svc-${pad(i)}`;
const plainOf = (p: number) => `plain-${pad(p, 2)}`;
const replicasOf = (i: number, version: 1 | 2) => 1 + ((i >> (version - 1)) % 2);
const hasFaults = (i: number) => i % 5 === 0;

function namespaceYaml(n: number): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${namespaceOf(n)}
  labels:
    istio-injection: enabled
`;
}

function nodeYaml(n: number): string {
  const name = `node-${pad(n, 2)}`;
  return `apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels:
    kubernetes.io/hostname: ${name}
spec:
  podCIDR: 10.244.${n}.0/24
status:
  addresses:
    - type: InternalIP
      address: 10.0.0.${n + 10}
    - type: ExternalIP
      address: 203.0.113.${n + 1}
`;
}

function deploymentYaml(
  app: string,
  namespace: string,
  version: string,
  replicas: number,
  name = `${app}-${version}`,
): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${app}
      version: ${version}
  template:
    metadata:
      labels:
        app: ${app}
        version: ${version}
    spec:
      containers:
        - name: app
          image: registry.example.com/${app}:${version}
          ports:
            - name: http
              containerPort: ${PORT}
`;
}

function serviceYaml(app: string, namespace: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${namespace}
spec:
  selector:
    app: ${app}
  ports:
    - name: http
      port: ${PORT}
      targetPort: http
`;
}

/** Load balancers of every kind Istio has, so DestinationRules differ from one another. */
function trafficPolicyOf(i: number): string {
  if (i % 3 === 1) return "  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBIN\n";
  if (i % 7 === 2)
    return "  trafficPolicy:\n    loadBalancer:\n      consistentHash:\n        httpHeaderName: x-user\n";
  return "";
}

function destinationRuleYaml(i: number): string {
  return `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${appOf(i)}
  namespace: ${namespaceOf(i)}
spec:
  host: ${appOf(i)}
${trafficPolicyOf(i)}  subsets:
    - name: v1
      labels:
        version: v1
    - name: v2
      labels:
        version: v2
`;
}

function matchOf(k: number): string {
  switch (k % 5) {
    case 0:
      return `        - uri:\n            exact: /r${k}\n`;
    case 1:
      return `        - uri:\n            prefix: /r${k}/\n`;
    case 2:
      return `        - uri:\n            regex: "/r${k}/items/[0-9]+"\n`;
    case 3:
      return `        - headers:
            x-route:
              exact: r${k}
        - uri:
            prefix: /r${k}/
          headers:
            x-team:
              prefix: team-
`;
    default:
      return `        - uri:\n            prefix: /r${k}/\n          sourceLabels:\n            version: v2\n`;
  }
}

function destinationsOf(host: string, k: number): string {
  const to = (subset: string, weight?: number) =>
    `        - destination:\n            host: ${host}\n            subset: ${subset}\n${weight === undefined ? "" : `          weight: ${weight}\n`}`;
  if (k % 4 === 1) return to("v1", 70) + to("v2", 30);
  return to(k % 4 === 3 ? "v2" : "v1");
}

function faultOf(i: number, k: number): string {
  if (!hasFaults(i)) return "";
  if (k === 6)
    return "      fault:\n        abort:\n          httpStatus: 503\n          percentage:\n            value: 2\n";
  if (k === 9)
    return "      fault:\n        delay:\n          fixedDelay: 2s\n          percentage:\n            value: 10\n";
  return "";
}

function virtualServiceYaml(i: number): string {
  const app = appOf(i);
  const routes = Array.from({ length: ROUTES }, (_, k) => {
    const last = k === ROUTES - 1;
    const match = last ? "" : `      match:\n${matchOf(k)}`;
    const timeout = k % 6 === 5 ? "      timeout: 3s\n" : "";
    return `    - name: r${k}\n${match}${faultOf(i, k)}      route:\n${destinationsOf(app, last ? 1 : k)}${timeout}`;
  }).join("");
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${app}
  namespace: ${namespaceOf(i)}
spec:
  hosts:
    - ${app}
  http:
${routes}`;
}

/**
 * Mesh-wide STRICT in the root namespace (every caller in the benchmark has a sidecar or is the
 * gateway, so it holds), PERMISSIVE in one namespace, and one workload with a port-level mode.
 */
function peerAuthenticationsYaml(): string[] {
  return [
    `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: STRICT
`,
    `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: ${namespaceOf(3)}
spec:
  mtls:
    mode: PERMISSIVE
`,
    `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: ${appOf(4)}
  namespace: ${namespaceOf(4)}
spec:
  selector:
    matchLabels:
      app: ${appOf(4)}
  mtls:
    mode: STRICT
  portLevelMtls:
    ${PORT}:
      mode: PERMISSIVE
`,
  ];
}

const gatewayServices = () => Array.from({ length: SERVICES / GATEWAY_EVERY }, (_, g) => g * GATEWAY_EVERY);

/** The Gateway on the assumed istio-ingressgateway and the VirtualService bound to it. */
function gatewayYaml(): string[] {
  const routes = gatewayServices()
    .map(
      (i) => `    - name: ${appOf(i)}
      match:
        - uri:
            prefix: /${appOf(i)}/
      rewrite:
        uri: /
      route:
        - destination:
            host: ${appOf(i)}.${namespaceOf(i)}.svc.cluster.local
            port:
              number: ${PORT}
`,
    )
    .join("");
  return [
    `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
  namespace: ${namespaceOf(0)}
spec:
  selector:
    istio: ingressgateway
  servers:
    - port:
        number: 80
        name: http
        protocol: HTTP
      hosts:
        - ${GATEWAY_HOST}
        - "*.apps.example.com"
`,
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: public
  namespace: ${namespaceOf(0)}
spec:
  hosts:
    - ${GATEWAY_HOST}
  gateways:
    - public
  http:
${routes}`,
  ];
}

function targetsOf(): MeshManifest["targets"] {
  // A Service from the middle of the lists, in another namespace than the client's.
  const i = SERVICES / 2 + 1;
  const url = (path: string) => `http://${appOf(i)}.${namespaceOf(i)}:${PORT}${path}`;
  const routed = gatewayServices();
  const viaGateway = routed[Math.floor(routed.length / 2)] ?? 0;
  return {
    client: `${namespaceOf(0)}/sleep`,
    firstRoute: { url: url("/r0") },
    lastRoute: { url: url("/catalog/items/42?page=2") },
    headerMatch: { url: url("/account/profile"), headers: { "x-route": "r8" } },
    weighted: { url: url("/r1/cart") },
    noVirtualService: { url: `http://${plainOf(PLAIN_SERVICES >> 1)}.${namespaceOf(2)}:${PORT}/status` },
    gateway: { url: `http://${GATEWAY_HOST}/${appOf(viaGateway)}/orders/7`, via: INGRESS_GATEWAY },
  };
}

export function generateMeshManifest(): MeshManifest {
  const docs: string[] = [];
  for (let n = 0; n < NAMESPACES; n++) docs.push(namespaceYaml(n));
  for (let n = 0; n < NODES; n++) docs.push(nodeYaml(n));
  docs.push(...peerAuthenticationsYaml(), ...gatewayYaml());
  // The client: a plain workload with a sidecar, labelled neither v1 nor v2.
  docs.push(deploymentYaml("sleep", namespaceOf(0), "v0", 1, "sleep"));
  let pods = 1;
  for (let i = 0; i < SERVICES; i++) {
    const app = appOf(i);
    const ns = namespaceOf(i);
    const v1 = replicasOf(i, 1);
    const v2 = replicasOf(i, 2);
    pods += v1 + v2;
    docs.push(
      deploymentYaml(app, ns, "v1", v1),
      deploymentYaml(app, ns, "v2", v2),
      serviceYaml(app, ns),
      destinationRuleYaml(i),
      virtualServiceYaml(i),
    );
  }
  for (let p = 0; p < PLAIN_SERVICES; p++) {
    docs.push(deploymentYaml(plainOf(p), namespaceOf(2), "v1", 2), serviceYaml(plainOf(p), namespaceOf(2)));
    pods += 2;
  }
  return {
    text: docs.map((d) => `---\n${d}`).join(""),
    counts: {
      namespaces: NAMESPACES,
      services: SERVICES,
      plainServices: PLAIN_SERVICES,
      virtualServices: SERVICES,
      routes: SERVICES * ROUTES,
      destinationRules: SERVICES,
      peerAuthentications: peerAuthenticationsYaml().length,
      gatewayRoutes: gatewayServices().length,
      deployments: 2 * SERVICES + PLAIN_SERVICES + 1,
      pods,
    },
    targets: targetsOf(),
  };
}
