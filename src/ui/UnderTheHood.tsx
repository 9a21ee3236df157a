import { useMemo, useState } from "react";
import { envoyProxyOf, renderEnvoyConfig } from "../engine/dataplane/envoyConfig";
import { renderIptables } from "../engine/dataplane/iptables";
import { renderIpvs } from "../engine/dataplane/ipvs";
import { renderKubectlGet } from "../engine/dataplane/kubectlTables";
import { renderNginxConf } from "../engine/dataplane/nginxConf";
import type { Cluster } from "../engine/model";
import { useApp } from "../state/appStore";
import { selectCluster } from "../state/selectors";

interface View {
  label: string;
  /** What the view is shown for (a node, a pod), when it is per something. */
  targets: (cluster: Cluster) => string[];
  targetLabel?: string;
  /** Whether the cluster has this component at all. */
  present: (cluster: Cluster) => boolean;
  render: (cluster: Cluster, target: string | undefined) => string;
}

const none = () => [];
const always = () => true;
const nodes = (cluster: Cluster) => cluster.nodes.map((n) => n.name);
/** Pods that run Envoy: sidecars and ingress gateways. */
const envoyPods = (cluster: Cluster) =>
  cluster.pods.filter((p) => !("error" in envoyProxyOf(cluster, p))).map((p) => `${p.namespace}/${p.name}`);

/** What each component would be configured with, as its own tool prints it. The engine renders. */
const VIEWS: Record<string, View> = {
  nginx: {
    label: "nginx.conf (ingress-nginx)",
    targets: none,
    present: (cluster) => cluster.ingress !== null,
    render: (cluster) => (cluster.ingress ? renderNginxConf(cluster.ingress, cluster) : ""),
  },
  envoy: {
    label: "Envoy (istio-proxy)",
    targets: envoyPods,
    targetLabel: "of",
    present: (cluster) => cluster.pods.some((p) => !("error" in envoyProxyOf(cluster, p))),
    render: (cluster, target) => {
      const pod = cluster.pods.find((p) => `${p.namespace}/${p.name}` === target);
      return pod ? renderEnvoyConfig(cluster, pod) : "";
    },
  },
  iptables: {
    label: "iptables (kube-proxy)",
    targets: nodes,
    targetLabel: "on",
    present: always,
    render: (cluster, nodeName) => renderIptables(cluster, nodeName ? { nodeName } : {}),
  },
  ipvs: {
    label: "IPVS (kube-proxy)",
    targets: nodes,
    targetLabel: "on",
    present: always,
    render: (cluster, nodeName) => renderIpvs(cluster, nodeName ? { nodeName } : {}),
  },
  kubectl: {
    label: "kubectl get -o wide",
    targets: none,
    present: always,
    render: (cluster) => renderKubectlGet(cluster),
  },
};

export function UnderTheHood() {
  const cluster = useApp(selectCluster);

  const available = useMemo(() => Object.entries(VIEWS).filter(([, v]) => v.present(cluster)), [cluster]);
  const [chosen, setChosen] = useState<string | null>(null);
  const viewId =
    chosen && available.some(([id]) => id === chosen) ? chosen : (available[0]?.[0] ?? "kubectl");
  const view = VIEWS[viewId];
  // Rendering a configuration can take a while on a big manifest: this renders only while its tab is shown.
  const targets = useMemo(() => view?.targets(cluster) ?? [], [view, cluster]);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const target = picked && targets.includes(picked) ? picked : targets[0];
  const text = useMemo(() => view?.render(cluster, target) ?? "", [view, cluster, target]);

  return (
    <section className="hood" aria-label="Under the hood">
      <div className="hood__controls">
        <label className="field field--inline">
          <span className="field__label">Show</span>
          <select value={viewId} onChange={(e) => setChosen(e.target.value)}>
            {available.map(([id, v]) => (
              <option key={id} value={id}>
                {v.label}
              </option>
            ))}
          </select>
        </label>
        {targets.length > 0 && (
          <label className="field field--inline">
            <span className="field__label">{view?.targetLabel}</span>
            <select value={target} onChange={(e) => setPicked(e.target.value)}>
              {targets.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <section
        className="hood__text"
        aria-label={view?.label ?? "configuration"}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
        tabIndex={0}
      >
        <pre>{text}</pre>
      </section>
    </section>
  );
}
