import { Handle, Position } from "@xyflow/react";
import type { ReactNode } from "react";
import type { BoxKind } from "../../layout/layoutCluster";
import type { CardState } from "./flowTypes";
import { KindIcon } from "./KindIcon";

interface CardProps {
  kind: BoxKind;
  namespace: string;
  name: string;
  state: CardState;
  /** Small caps line above the title: what this is ("Service · ClusterIP"). */
  label: string;
  title: string;
  children?: ReactNode;
  className?: string;
}

/**
 * The frame every drawn Kubernetes object shares. Its root carries data-kind/-namespace/-name so
 * tests and tools find objects the way people name them, never by position or class.
 */
export function Card({ kind, namespace, name, state, label, title, children, className = "" }: CardProps) {
  return (
    <div
      className={`card card--${kind.toLowerCase()} ${className}`}
      data-kind={kind}
      data-namespace={namespace}
      data-name={name}
      data-state={state}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <header className="card__head">
        <KindIcon kind={kind} />
        <div className="card__titles">
          <span className="card__label">{label}</span>
          <span className="card__title" title={title}>
            {title}
          </span>
        </div>
      </header>
      {children}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}
