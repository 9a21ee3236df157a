import { envoyProxyOf, renderEnvoyConfig } from "../../engine/dataplane/envoyConfig";
import { renderIptables } from "../../engine/dataplane/iptables";
import { renderIpvs } from "../../engine/dataplane/ipvs";
import { renderNginxConf } from "../../engine/dataplane/nginxConf";
import type { ObjectRef } from "../../engine/diagnostics";
import type { Cluster } from "../../engine/model";

/** What the selected object looks like to the component that implements it, as that tool prints it. */
export interface HoodText {
  label: string;
  text: () => string;
}

/**
 * A Service: its kube-proxy rules on the first node (every node has the same ones, bar
 * externalTrafficPolicy: Local); a pod running Envoy: its listeners, routes and clusters; the
 * ingress-nginx controller pod: nginx.conf. Rendering is deferred: the caller renders on demand.
 */
export function hoodTextOf(cluster: Cluster, ref: ObjectRef): HoodText | null {
  if (ref.kind === "Service") {
    const node = cluster.nodes[0]?.name;
    const ipvs = cluster.settings.proxyMode === "ipvs";
    const mark = `${ref.namespace}/${ref.name}`;
    return {
      label: `${ipvs ? "IPVS" : "iptables"} rules for ${ref.name}${node ? ` on ${node}` : ""}`,
      text: () => {
        const all = ipvs
          ? renderIpvs(cluster, node ? { nodeName: node } : {})
          : renderIptables(cluster, node ? { nodeName: node } : {});
        // kube-proxy comments every rule with namespace/service[:port]: keep this Service's.
        const mine = all
          .split("\n")
          .filter((l) => l.includes(`${mark}:`) || l.includes(`${mark} `) || l.includes(`"${mark}"`));
        return mine.length > 0 ? mine.join("\n") : all;
      },
    };
  }
  if (ref.kind !== "Pod") return null;
  const pod = cluster.pods.find((p) => p.namespace === ref.namespace && p.name === ref.name);
  if (!pod) return null;
  const ingress = cluster.ingress;
  const { controller } = ingress ?? {};
  if (
    ingress &&
    controller &&
    pod.namespace === controller.namespace &&
    Object.entries(controller.podLabels).every(([k, v]) => pod.labels[k] === v)
  ) {
    return { label: "nginx.conf (ingress-nginx)", text: () => renderNginxConf(ingress, cluster) };
  }
  if (!("error" in envoyProxyOf(cluster, pod))) {
    return { label: `Envoy configuration of ${pod.name}`, text: () => renderEnvoyConfig(cluster, pod) };
  }
  return null;
}
