import { record, stringMap } from "../kinds/read";
import type { ManifestFile, ManifestObject } from "../parse/parseManifests";

export const ISTIO_GROUPS = ["networking.istio.io/", "security.istio.io/"];

const ISTIOD = `apiVersion: v1
kind: Namespace
metadata:
  name: istio-system
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: istiod
  namespace: istio-system
spec:
  replicas: 1
  selector:
    matchLabels:
      app: istiod
      istio: pilot
  template:
    metadata:
      labels:
        app: istiod
        istio: pilot
    spec:
      containers:
        - name: discovery
          image: docker.io/istio/pilot:1.28.0
          ports:
            - name: grpc-xds
              containerPort: 15010
            - name: https-webhook
              containerPort: 15017
---
apiVersion: v1
kind: Service
metadata:
  name: istiod
  namespace: istio-system
spec:
  selector:
    app: istiod
    istio: pilot
  ports:
    - name: grpc-xds
      port: 15010
    - name: https-webhook
      port: 443
      targetPort: 15017
`;

/** The chart's istio-ingressgateway: pod ports 8080/8443 behind Service ports 80/443 (semantics 4.5). */
const INGRESS_GATEWAY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: istio-ingressgateway
  namespace: istio-system
spec:
  replicas: 1
  selector:
    matchLabels:
      app: istio-ingressgateway
      istio: ingressgateway
  template:
    metadata:
      labels:
        app: istio-ingressgateway
        istio: ingressgateway
        sidecar.istio.io/inject: "false"
    spec:
      containers:
        - name: istio-proxy
          image: docker.io/istio/proxyv2:1.28.0
          ports:
            - name: http2
              containerPort: 8080
            - name: https
              containerPort: 8443
            - name: status-port
              containerPort: 15021
---
apiVersion: v1
kind: Service
metadata:
  name: istio-ingressgateway
  namespace: istio-system
spec:
  type: LoadBalancer
  selector:
    app: istio-ingressgateway
    istio: ingressgateway
  ports:
    - name: status-port
      port: 15021
    - name: http2
      port: 80
      targetPort: 8080
    - name: https
      port: 443
      targetPort: 8443
`;

function podLabels(o: ManifestObject): Record<string, string> {
  const body = record(o.body);
  return o.kind === "Pod"
    ? stringMap(record(body.metadata).labels)
    : stringMap(record(record(record(body.spec).template).metadata).labels);
}

const WORKLOADS = new Set(["Pod", "Deployment", "DaemonSet", "StatefulSet", "ReplicaSet"]);

/** istiod's pods, by the label Istio's charts give them: the control plane of the mesh. */
export function isIstiod(labels: Record<string, string>): boolean {
  return labels.app === "istiod";
}

/**
 * Istio's own components the manifest relies on but does not define: istiod wherever the mesh is
 * used (an Istio object or an injection label), and the ingress gateway when a Gateway needs pods.
 */
export function assumedIstioFiles(objects: readonly ManifestObject[]): ManifestFile[] {
  const istioObjects = objects.filter((o) => ISTIO_GROUPS.some((g) => o.apiVersion.startsWith(g)));
  const injecting = objects.some(
    (o) =>
      (o.kind === "Namespace" &&
        (stringMap(record(o.body.metadata).labels)["istio-injection"] === "enabled" ||
          stringMap(record(o.body.metadata).labels)["istio.io/rev"] !== undefined)) ||
      (WORKLOADS.has(o.kind) && podLabels(o)["sidecar.istio.io/inject"] === "true"),
  );
  const workloads = objects.filter((o) => WORKLOADS.has(o.kind));
  const files: ManifestFile[] = [];
  if ((istioObjects.length > 0 || injecting) && !workloads.some((o) => isIstiod(podLabels(o)))) {
    files.push({ name: "istiod (assumed).yaml", text: ISTIOD });
  }
  const gatewayWanted = istioObjects.some((o) => o.kind === "Gateway");
  if (gatewayWanted && !workloads.some((o) => podLabels(o).istio === "ingressgateway")) {
    files.push({ name: "istio-ingressgateway (assumed).yaml", text: INGRESS_GATEWAY });
  }
  return files;
}
