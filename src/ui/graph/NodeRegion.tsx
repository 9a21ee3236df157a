import { Handle, type NodeProps, Position } from "@xyflow/react";
import { SIZE } from "../../layout/layoutCluster";
import type { RegionFlowNode } from "./flowTypes";
import { KindIcon } from "./KindIcon";

const { kubeProxyChip } = SIZE;

/** A Kubernetes node drawn as a labelled region; its pods are React Flow children placed inside. */
/** More NodePorts than this are summed up: the border has room for a few. */
const MAX_CHIPS = 4;

export function NodeRegion({
  data: { node, proxyMode, empty, state, hop, nodePorts },
}: NodeProps<RegionFlowNode>) {
  const shown = nodePorts.slice(0, MAX_CHIPS);
  return (
    <div className="region" data-kind="Node" data-namespace="" data-name={node.name} data-state={state}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <header className="region__head">
        <KindIcon kind="Node" />
        <div className="region__titles">
          <span className="region__title">
            Node {node.name}
            {node.assumed && <span className="badge">assumed</span>}
            {!node.ready && <span className="badge badge--warn">NotReady</span>}
            {node.unschedulable && <span className="badge">cordoned</span>}
          </span>
          <span className="region__ips mono">
            {node.internalIP}
            {node.externalIP && ` · ${node.externalIP}`}
          </span>
        </div>
      </header>
      {/* Placed from the layout's numbers: the travelling dot stops exactly on this chip. */}
      <span
        className="proxy-chip"
        data-active={hop?.kind === "kube-proxy" ? "true" : undefined}
        style={{ width: kubeProxyChip.width, height: kubeProxyChip.height, right: kubeProxyChip.right }}
      >
        kube-proxy · {proxyMode}
      </span>
      {empty && <p className="region__empty">no pods</p>}
      {nodePorts.length > 0 && (
        // kube-proxy opens every NodePort on every node: drawn on the border, where traffic enters.
        <ul className="nodeports" aria-label={`NodePorts open on ${node.name}`}>
          {shown.map((p) => (
            <li
              key={p.nodePort}
              className="nodeport"
              title={`${node.internalIP}:${p.nodePort} → Service ${p.service}`}
            >
              :{p.nodePort}
            </li>
          ))}
          {nodePorts.length > shown.length && (
            <li className="nodeport">+{nodePorts.length - shown.length}</li>
          )}
        </ul>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}
