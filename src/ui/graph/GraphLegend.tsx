import { Panel } from "@xyflow/react";

/** What the lines and colours mean; every state is also said in words on the card itself. */
export function GraphLegend() {
  return (
    <Panel position="bottom-left" className="legend">
      <details>
        <summary>Legend</summary>
        <ul className="legend__list">
          <li>
            <span className="legend__swatch legend__swatch--endpoint" aria-hidden="true" /> Service → ready
            endpoint
          </li>
          <li>
            <span className="legend__swatch legend__swatch--not-ready" aria-hidden="true" /> not-ready
            endpoint (skipped)
          </li>
          <li>
            <span className="legend__swatch legend__swatch--route" aria-hidden="true" /> routing rule (Ingress
            path, VirtualService)
          </li>
          <li>
            <span className="legend__swatch legend__swatch--trail" aria-hidden="true" /> the request's path
          </li>
          <li>
            <span className="legend__dot legend__dot--active" aria-hidden="true" /> current hop ·{" "}
            <span className="legend__dot legend__dot--visited" aria-hidden="true" /> passed ·{" "}
            <span className="legend__dot legend__dot--failed" aria-hidden="true" /> failed here
          </li>
        </ul>
      </details>
    </Panel>
  );
}
