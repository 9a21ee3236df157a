/**
 * The issue's Ingress benchmark, the same on every run: 1,000 Ingresses of 10 paths each over
 * 300 hosts, with the Deployment and Service each one names. No controller is written, so
 * `analyze()` adds the standard ingress-nginx one, as it does for a user's manifest.
 *
 * Ingress i serves host i % 300, so hosts 0-99 get four Ingresses (40 paths) and the others three.
 * The host's first Ingress (i < 300) decides what kind of host it is, by host number h:
 * - h % 5 == 0: TLS, with its Secret (h % 50 == 0: the Secret is missing, the fake certificate);
 * - h % 30 == 11: use-regex and rewrite-target, so every location of the host is a regex;
 * - h % 60 == 7: a wildcard host `*.tenants-h.example.net`;
 * - even h: a `/` Prefix path, so unknown paths of odd hosts get 404.
 * Ingresses 900-999 with i % 5 == 3 are canaries of Ingress i - 300 (same host and paths), half
 * by header, half by weight; a few Ingresses rely on the default IngressClass.
 */
export interface IngressManifest {
  text: string;
  counts: {
    ingresses: number;
    paths: number;
    hosts: number;
    canaries: number;
    regexHosts: number;
    wildcardHosts: number;
    tlsHosts: number;
    services: number;
    pods: number;
  };
  /** The requests the benchmark routes, as URLs and headers. */
  targets: {
    exact: string;
    prefixManyPaths: string;
    regex: string;
    canary: { url: string; headers: Record<string, string> };
    unknownPath: string;
    wildcard: string;
    tls: string;
  };
}

const INGRESSES = 1000;
const HOSTS = 300;
const PATHS = 10;
const NAMESPACES = 10;
const NODES = 12;
const REPLICAS = 2;
const CANARY_FROM = 900;
const WORDS = [
  "shop",
  "cart",
  "search",
  "account",
  "orders",
  "payments",
  "reviews",
  "media",
  "admin",
  "blog",
];

const namespaceOf = (i: number) => `web-${String(i % NAMESPACES).padStart(2, "0")}`;
const appOf = (i: number) => `svc-${String(i).padStart(4, "0")}`;
/** The first path segment of Ingress i: unique, so no two Ingresses claim the same path. */
const segmentOf = (i: number) => `${WORDS[i % WORDS.length]}-${i}`;

const isTLS = (h: number) => h % 5 === 0;
const hasSecret = (h: number) => h % 50 !== 0;
const isRegex = (h: number) => h % 30 === 11;
const isWildcard = (h: number) => h % 60 === 7;
const hasRoot = (h: number) => h % 2 === 0;
const isCanary = (i: number) => i >= CANARY_FROM && i % 5 === 3;

function hostOf(h: number): string {
  return isWildcard(h) ? `*.tenants-${h}.example.net` : `${WORDS[h % WORDS.length]}-${h}.example.com`;
}

interface PathSpec {
  path: string;
  pathType: "Exact" | "Prefix" | "ImplementationSpecific";
}

/** Ten paths of every pathType; a regex host's first Ingress writes capture groups for its rewrite. */
function pathsOf(i: number): PathSpec[] {
  const h = i % HOSTS;
  const seg = `/${segmentOf(i)}`;
  if (i < HOSTS && isRegex(h)) {
    return ["", "/api", "/api/v1", "/api/v2", "/items", "/cart", "/login", "/static", "/assets", "/docs"]
      .slice(0, PATHS)
      .map((p) => ({ path: `${seg}${p}(/|$)(.*)`, pathType: "ImplementationSpecific" }));
  }
  return [
    { path: i < HOSTS && hasRoot(h) ? "/" : seg, pathType: "Prefix" },
    { path: `${seg}/api`, pathType: "Prefix" },
    { path: `${seg}/api/v1`, pathType: "Prefix" },
    { path: `${seg}/api/v2`, pathType: "Prefix" },
    { path: `${seg}/login`, pathType: "Exact" },
    { path: `${seg}/logout`, pathType: "Exact" },
    { path: `${seg}/healthz`, pathType: "Exact" },
    { path: `${seg}/static`, pathType: "ImplementationSpecific" },
    { path: `${seg}/assets/`, pathType: "Prefix" },
    { path: `${seg}/docs`, pathType: "Prefix" },
  ];
}

function annotationsOf(i: number): string[] {
  const h = i % HOSTS;
  if (isCanary(i)) {
    return i % 10 === 3
      ? [
          'nginx.ingress.kubernetes.io/canary: "true"',
          "nginx.ingress.kubernetes.io/canary-by-header: x-canary",
        ]
      : ['nginx.ingress.kubernetes.io/canary: "true"', 'nginx.ingress.kubernetes.io/canary-weight: "20"'];
  }
  if (i < HOSTS && isRegex(h)) {
    return [
      'nginx.ingress.kubernetes.io/use-regex: "true"',
      "nginx.ingress.kubernetes.io/rewrite-target: /$2",
    ];
  }
  return i % 7 === 0 ? ["nginx.ingress.kubernetes.io/proxy-body-size: 8m"] : [];
}

function ingressYaml(i: number): string {
  const h = i % HOSTS;
  const host = hostOf(h);
  // A canary repeats its main Ingress's paths, which is how ingress-nginx pairs them.
  const paths = pathsOf(isCanary(i) ? i - 300 : i);
  const annotations = annotationsOf(i);
  const meta = annotations.length ? `  annotations:\n${annotations.map((a) => `    ${a}\n`).join("")}` : "";
  // Every 25th Ingress names no class and is served through the default IngressClass.
  const className = i % 25 === 24 ? "" : "  ingressClassName: nginx\n";
  const tls =
    i < HOSTS && isTLS(h)
      ? `  tls:\n    - hosts:\n        - ${host}\n      secretName: ${tlsSecretOf(h)}\n`
      : "";
  const port = i % 2 === 0 ? "number: 80" : "name: http";
  const pathYaml = paths
    .map(
      (p) => `          - path: ${p.path.includes("(") ? `"${p.path}"` : p.path}
            pathType: ${p.pathType}
            backend:
              service:
                name: ${appOf(i)}
                port:
                  ${port}
`,
    )
    .join("");
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${appOf(i)}
  namespace: ${namespaceOf(i)}
${meta}spec:
${className}${tls}  rules:
    - host: "${host}"
      http:
        paths:
${pathYaml}`;
}

const tlsSecretOf = (h: number) => `${WORDS[h % WORDS.length]}-${h}-tls`;

function secretYaml(h: number): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${tlsSecretOf(h)}
  namespace: ${namespaceOf(h)}
type: kubernetes.io/tls
data:
  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCg==
`;
}

function nodeYaml(n: number): string {
  const name = `node-${String(n).padStart(2, "0")}`;
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

function deploymentYaml(i: number): string {
  const app = appOf(i);
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${namespaceOf(i)}
spec:
  replicas: ${REPLICAS}
  selector:
    matchLabels:
      app: ${app}
  template:
    metadata:
      labels:
        app: ${app}
    spec:
      containers:
        - name: web
          image: registry.example.com/${app}:1.${i % 10}.0
          ports:
            - name: http
              containerPort: 8080
`;
}

function serviceYaml(i: number): string {
  const app = appOf(i);
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${namespaceOf(i)}
spec:
  selector:
    app: ${app}
  ports:
    - name: http
      port: 80
      targetPort: http
`;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The k-th host number (from 0) that passes `test`. */
function nthHost(test: (h: number) => boolean, k = 0): number {
  const hosts = range(HOSTS).filter(test);
  return hosts[Math.min(k, hosts.length - 1)] ?? 0;
}

const plain = (h: number) => !isTLS(h) && !isRegex(h) && !isWildcard(h);

function targetsOf(): IngressManifest["targets"] {
  // Hosts from the middle of the list, so no lookup is lucky to find the first server.
  const exactHost = nthHost((h) => h >= HOSTS / 2 && plain(h));
  // Hosts 0-99 get a fourth Ingress; this one carries no canary, so all 40 paths are its own.
  const manyHost = nthHost((h) => h >= 40 && h < 100 && plain(h) && (h + 900) % 5 !== 3);
  const regexHost = nthHost(isRegex, 4);
  const byHeader = range(INGRESSES).filter((i) => isCanary(i) && i % 10 === 3);
  const canaryIngress = byHeader[byHeader.length >> 1] ?? CANARY_FROM;
  const canaryHost = canaryIngress % HOSTS;
  const unknownHost = nthHost((h) => h >= HOSTS / 2 && plain(h) && !hasRoot(h));
  const wildcardHost = nthHost(isWildcard, 2);
  const tlsHost = nthHost((h) => h >= HOSTS / 2 && isTLS(h) && hasSecret(h));
  const host = (h: number) => hostOf(h).replace("*", "eu");
  return {
    exact: `http://${host(exactHost)}/${segmentOf(exactHost + HOSTS)}/login`,
    prefixManyPaths: `http://${host(manyHost)}/${segmentOf(manyHost + 3 * HOSTS)}/api/v1/orders/42?expand=items`,
    regex: `http://${host(regexHost)}/${segmentOf(regexHost)}/api/items/7`,
    canary: {
      url: `http://${host(canaryHost)}/${segmentOf(canaryIngress - 300)}/api/cart`,
      headers: { "X-Canary": "always" },
    },
    unknownPath: `http://${host(unknownHost)}/no/such/page`,
    wildcard: `http://${host(wildcardHost)}/${segmentOf(wildcardHost + HOSTS)}/docs/intro`,
    tls: `https://${host(tlsHost)}/${segmentOf(tlsHost)}/static/app.js`,
  };
}

export function generateIngressManifest(): IngressManifest {
  const docs: string[] = [];
  for (let n = 0; n < NAMESPACES; n++)
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${namespaceOf(n)}\n`);
  for (let n = 0; n < NODES; n++) docs.push(nodeYaml(n));
  for (let h = 0; h < HOSTS; h++) if (isTLS(h) && hasSecret(h)) docs.push(secretYaml(h));
  for (let i = 0; i < INGRESSES; i++) docs.push(deploymentYaml(i), serviceYaml(i), ingressYaml(i));
  const hosts = range(HOSTS);
  return {
    text: docs.map((d) => `---\n${d}`).join(""),
    counts: {
      ingresses: INGRESSES,
      paths: INGRESSES * PATHS,
      hosts: HOSTS,
      canaries: range(INGRESSES).filter(isCanary).length,
      regexHosts: hosts.filter(isRegex).length,
      wildcardHosts: hosts.filter(isWildcard).length,
      tlsHosts: hosts.filter(isTLS).length,
      services: INGRESSES,
      pods: INGRESSES * REPLICAS,
    },
    targets: targetsOf(),
  };
}
