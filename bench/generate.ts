/**
 * A large, realistic manifest for the benchmark, the same on every run: namespaces, nodes with
 * /24 pod CIDRs, Deployments and one Service per Deployment of every type.
 */
export interface LargeManifest {
  text: string;
  counts: { namespaces: number; nodes: number; deployments: number; services: number; pods: number };
  /** Names the benchmark's requests aim at. */
  targets: {
    clientPod: string;
    clusterIPNames: string[];
    loadBalancers: { namespace: string; name: string; port: number }[];
    nodePorts: { namespace: string; name: string; port: number }[];
  };
}

const NAMESPACES = 20;
const DEPLOYMENTS = 2000;
const REPLICAS = 4;
/** About 100 pods per node, each node owning a /24 (252 usable pod addresses). */
const PODS_PER_NODE = 100;

/**
 * The mix of Service types, by Deployment index modulo 20. LoadBalancers are kept to 1 in 20
 * (100) so the simulated cloud's 241-address pool does not run out.
 */
type Flavour = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName" | "Headless";
function flavourOf(i: number): Flavour {
  const slot = i % 20;
  if (slot < 9) return "ClusterIP";
  if (slot < 13) return "NodePort";
  if (slot < 14) return "LoadBalancer";
  if (slot < 17) return "Headless";
  return "ExternalName";
}

const namespaceOf = (i: number) => `team-${String(i % NAMESPACES).padStart(2, "0")}`;
const appOf = (i: number) => `app-${String(i).padStart(4, "0")}`;

function namespaceYaml(n: number): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${namespaceOf(n)}
  labels:
    team: "${n}"
`;
}

function nodeYaml(n: number): string {
  const name = `node-${String(n).padStart(3, "0")}`;
  return `apiVersion: v1
kind: Node
metadata:
  name: ${name}
  labels:
    kubernetes.io/hostname: ${name}
    kubernetes.io/os: linux
    topology.kubernetes.io/zone: zone-${n % 3}
spec:
  podCIDR: 10.244.${n}.0/24
  podCIDRs:
    - 10.244.${n}.0/24
status:
  addresses:
    - type: InternalIP
      address: 10.0.${Math.floor(n / 200)}.${(n % 200) + 10}
    - type: ExternalIP
      address: 203.0.113.${n + 1}
    - type: Hostname
      address: ${name}
`;
}

function deploymentYaml(i: number): string {
  const app = appOf(i);
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${namespaceOf(i)}
  labels:
    app.kubernetes.io/name: ${app}
    app.kubernetes.io/part-of: bench
spec:
  replicas: ${REPLICAS}
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
        tier: ${i % 3 === 0 ? "frontend" : "backend"}
    spec:
      containers:
        - name: server
          image: registry.example.com/${app}:1.${i % 10}.0
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
            - name: metrics
              containerPort: 9090
              protocol: TCP
          env:
            - name: LOG_LEVEL
              value: info
            - name: PORT
              value: "8080"
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 5
`;
}

function serviceYaml(i: number): string {
  const app = appOf(i);
  const flavour = flavourOf(i);
  const type = flavour === "Headless" ? "ClusterIP" : flavour;
  // Every third Service is multi-port (named ports); others mix named and numeric targetPorts.
  const multiPort = i % 3 === 0;
  const ports = multiPort
    ? `    - name: http
      port: 80
      targetPort: http
    - name: metrics
      port: 9090
      targetPort: metrics
`
    : `    - port: 80
      targetPort: ${i % 2 === 0 ? "http" : "8080"}
`;
  const extra =
    flavour === "Headless"
      ? "  clusterIP: None\n"
      : flavour === "ExternalName"
        ? `  externalName: ${app}.example.com\n`
        : flavour === "LoadBalancer" && i % 40 === 13
          ? "  externalTrafficPolicy: Local\n"
          : "";
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${namespaceOf(i)}
  labels:
    app.kubernetes.io/name: ${app}
spec:
  type: ${type}
${extra}  selector:
    app: ${app}
  ports:
${ports}`;
}

export function generateLargeManifest(): LargeManifest {
  const nodes = Math.ceil((DEPLOYMENTS * REPLICAS) / PODS_PER_NODE);
  const docs: string[] = [];
  for (let n = 0; n < NAMESPACES; n++) docs.push(namespaceYaml(n));
  for (let n = 0; n < nodes; n++) docs.push(nodeYaml(n));
  for (let i = 0; i < DEPLOYMENTS; i++) docs.push(deploymentYaml(i), serviceYaml(i));

  const clusterIPNames: string[] = [];
  const loadBalancers: LargeManifest["targets"]["loadBalancers"] = [];
  const nodePorts: LargeManifest["targets"]["nodePorts"] = [];
  for (let i = 0; i < DEPLOYMENTS; i++) {
    const flavour = flavourOf(i);
    const target = { namespace: namespaceOf(i), name: appOf(i), port: 80 };
    if (flavour === "ClusterIP") clusterIPNames.push(`${target.name}.${target.namespace}`);
    else if (flavour === "LoadBalancer") loadBalancers.push(target);
    else if (flavour === "NodePort") nodePorts.push(target);
  }
  return {
    text: docs.map((d) => `---\n${d}`).join(""),
    counts: {
      namespaces: NAMESPACES,
      nodes,
      deployments: DEPLOYMENTS,
      services: DEPLOYMENTS,
      pods: DEPLOYMENTS * REPLICAS,
    },
    targets: {
      clientPod: `${namespaceOf(1)}/${appOf(1)}`,
      clusterIPNames,
      loadBalancers,
      nodePorts,
    },
  };
}
