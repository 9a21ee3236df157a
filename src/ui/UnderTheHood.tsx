import { useMemo, useState } from "react";
import { renderIptables } from "../engine/dataplane/iptables";
import { renderIpvs } from "../engine/dataplane/ipvs";
import { renderKubectlGet } from "../engine/dataplane/kubectlTables";
import { renderNginxConf } from "../engine/dataplane/nginxConf";
import type { Cluster } from "../engine/model";
import { useApp } from "../state/appStore";
import { selectCluster } from "../state/selectors";

interface View {
  label: string;
  perNode: boolean;
  /** Whether the cluster has this component at all. */
  present: (cluster: Cluster) => boolean;
  render: (cluster: Cluster, nodeName: string | undefined) => string;
}

const always = () => true;

/** What each component would be configured with, as its own tool prints it. The engine renders. */
const VIEWS: Record<string, View> = {
  nginx: {
    label: "nginx.conf (ingress-nginx)",
    perNode: false,
    present: (cluster) => cluster.ingress !== null,
    render: (cluster) => (cluster.ingress ? renderNginxConf(cluster.ingress, cluster) : ""),
  },
  iptables: {
    label: "iptables (kube-proxy)",
    perNode: true,
    present: always,
    render: (cluster, nodeName) => renderIptables(cluster, nodeName ? { nodeName } : {}),
  },
  ipvs: {
    label: "IPVS (kube-proxy)",
    perNode: true,
    present: always,
    render: (cluster, nodeName) => renderIpvs(cluster, nodeName ? { nodeName } : {}),
  },
  kubectl: {
    label: "kubectl get -o wide",
    perNode: false,
    present: always,
    render: (cluster) => renderKubectlGet(cluster),
  },
};

export function UnderTheHood() {
  const cluster = useApp(selectCluster);
  const available = Object.entries(VIEWS).filter(([, v]) => v.present(cluster));
  const [chosen, setChosen] = useState<string | null>(null);
  const viewId =
    chosen && available.some(([id]) => id === chosen) ? chosen : (available[0]?.[0] ?? "kubectl");
  const [nodeName, setNodeName] = useState<string | undefined>(undefined);
  const node = cluster.nodes.some((n) => n.name === nodeName) ? nodeName : cluster.nodes[0]?.name;
  const view = VIEWS[viewId];
  const text = useMemo(() => view?.render(cluster, node) ?? "", [view, cluster, node]);

  return (
    <details className="hood">
      <summary className="pane__title">Under the hood</summary>
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
        {view?.perNode && (
          <label className="field field--inline">
            <span className="field__label">on</span>
            <select value={node} onChange={(e) => setNodeName(e.target.value)}>
              {cluster.nodes.map((n) => (
                <option key={n.name} value={n.name}>
                  {n.name}
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
    </details>
  );
}
