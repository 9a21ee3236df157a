import type { IngressController } from "../ingressModel";
import { INGRESS_API_VERSIONS } from "../kinds/ingress";
import type { IngressClassDecl } from "../kinds/ingressClass";
import { record, stringMap } from "../kinds/read";
import type { SimService } from "../model";
import type { ManifestFile, ManifestObject } from "../parse/parseManifests";

/** The controller name ingress-nginx registers in IngressClass `spec.controller`. */
export const NGINX_CONTROLLER = "k8s.io/ingress-nginx";
/** `--ingress-class`: what the legacy `kubernetes.io/ingress.class` annotation is compared with. */
export const NGINX_CLASS_FLAG = "nginx";
/** The label the ingress-nginx chart puts on controller pods (and selects them by). */
const NAME_LABEL = "app.kubernetes.io/name";
const NAME_VALUE = "ingress-nginx";

/**
 * The controller the ingress-nginx Helm chart installs, for manifests that have Ingresses but no
 * controller. Its IngressClass is marked default so class-less Ingresses are served, as the
 * minikube add-on and most managed installs do; the trace and the graph say it was assumed.
 */
export const ASSUMED_CONTROLLER: ManifestFile = {
  name: "ingress-nginx (assumed).yaml",
  text: `apiVersion: v1
kind: Namespace
metadata:
  name: ingress-nginx
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: ingress-nginx
      app.kubernetes.io/component: controller
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ingress-nginx
        app.kubernetes.io/component: controller
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
          ports:
            - name: http
              containerPort: 80
            - name: https
              containerPort: 443
---
apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  type: LoadBalancer
  selector:
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/component: controller
  ports:
    - name: http
      port: 80
      targetPort: http
    - name: https
      port: 443
      targetPort: https
`,
};

/** Files the simulation adds for components the manifest relies on but does not define. */
export function isAssumed(source: { file: string }): boolean {
  return source.file.endsWith(" (assumed).yaml");
}

function isIngress(object: ManifestObject): boolean {
  return object.kind === "Ingress" && INGRESS_API_VERSIONS.includes(object.apiVersion);
}

function podLabelsOf(object: ManifestObject): Record<string, string> {
  if (object.kind === "Pod") return stringMap(record(object.body.metadata).labels);
  return stringMap(record(record(record(object.body.spec).template).metadata).labels);
}

/** Ingresses to serve, and no ingress-nginx pods to serve them: the standard controller is added. */
export function needsAssumedController(objects: readonly ManifestObject[]): boolean {
  if (!objects.some(isIngress)) return false;
  return !objects.some(
    (o) =>
      ["Pod", "Deployment", "DaemonSet", "StatefulSet", "ReplicaSet"].includes(o.kind) &&
      podLabelsOf(o)[NAME_LABEL] === NAME_VALUE,
  );
}

/**
 * The controller: the LoadBalancer (or NodePort) Service that selects ingress-nginx pods, the one
 * in namespace `ingress-nginx` first. Its classes are the IngressClasses naming its controller.
 */
export function findController(
  services: readonly SimService[],
  classes: readonly IngressClassDecl[],
): IngressController | null {
  const exposing = services
    .filter(
      (s) => (s.type === "LoadBalancer" || s.type === "NodePort") && s.selector?.[NAME_LABEL] === NAME_VALUE,
    )
    .sort((a, b) => Number(b.namespace === NAME_VALUE) - Number(a.namespace === NAME_VALUE));
  const service = exposing[0];
  if (!service?.selector) return null;
  return {
    namespace: service.namespace,
    serviceName: service.name,
    podLabels: service.selector,
    classes: classes.filter((c) => c.controller === NGINX_CONTROLLER).map((c) => c.name),
    assumed: isAssumed(service.source),
  };
}
