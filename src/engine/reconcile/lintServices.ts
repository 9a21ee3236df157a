import type { ServiceDecl } from "../kinds/service";
import type { Cluster } from "../model";
import { indexPodLabels } from "./buildEndpoints";
import { type ReconcileContext, report } from "./context";

/** The linter's checks that need the reconciled cluster: selectors and target ports against pods. */
export function lintServices(ctx: ReconcileContext, decls: readonly ServiceDecl[], cluster: Cluster): void {
  const podLabels = indexPodLabels(cluster.pods);
  // buildServices keeps the order of the declarations.
  decls.forEach((decl, i) => {
    const service = cluster.services[i];
    if (!service?.selector) return;
    const selector = service.selector;
    const selectorText = Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    const selected = podLabels.select(service.namespace, selector);
    if (selected.length === 0) {
      const elsewhere = podLabels.findElsewhere(service.namespace, selector);
      if (elsewhere) {
        report(
          ctx,
          decl.object,
          "selector-other-namespace",
          `Selector ${selectorText} matches pods only in namespace ${elsewhere.namespace} (e.g. ${elsewhere.name}), not in ${service.namespace}.`,
          ["spec", "selector"],
        );
      } else {
        report(
          ctx,
          decl.object,
          "selector-matches-nothing",
          `Selector ${selectorText} matches no pods in namespace ${service.namespace}.`,
          ["spec", "selector"],
        );
      }
      return;
    }
    for (const port of service.ports) {
      const path = ["spec", "ports", port.index, "targetPort"];
      if (typeof port.targetPort === "string") {
        const name = port.targetPort;
        const missing = selected.filter(
          (p) => !p.containers.some((c) => c.ports.some((cp) => cp.name === name)),
        );
        if (missing.length > 0) {
          const all = missing.length === selected.length;
          report(
            ctx,
            decl.object,
            "named-target-port-missing",
            `${all ? "No selected pod" : `${missing.length} of ${selected.length} selected pods (e.g. ${missing[0]?.name})`} has a container port named "${name}"; ${all ? "this port has no endpoints" : "those pods get no traffic on it"}.`,
            path,
          );
        }
      } else {
        const target = port.targetPort;
        const missing = selected.filter(
          (p) => !p.containers.some((c) => c.ports.some((cp) => cp.containerPort === target)),
        );
        // Declaring containerPort is optional in Kubernetes; only warn when some container declares ports.
        const declaring = missing.filter((p) => p.containers.some((c) => c.ports.length > 0));
        if (declaring.length > 0) {
          report(
            ctx,
            decl.object,
            "target-port-not-exposed",
            `targetPort ${target} is not a container port of ${declaring.length === selected.length ? "any selected pod" : `${declaring.length} of ${selected.length} selected pods`} (e.g. ${declaring[0]?.name} exposes ${declaring[0]?.containers.flatMap((c) => c.ports.map((cp) => cp.containerPort)).join(", ")}).`,
            path,
          );
        }
      }
    }
  });
}
