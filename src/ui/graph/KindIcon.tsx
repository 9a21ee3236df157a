import type { ReactNode } from "react";
import type { BoxKind } from "../../layout/layoutCluster";

/** Simple line glyphs, one per kind, drawn in the card's kind colour (currentColor). */
const GLYPHS: Record<BoxKind, ReactNode> = {
  Client: (
    <>
      <circle cx="12" cy="12" r="8" />
      <path d="M4 12h16M12 4c2.5 2.4 2.5 13.6 0 16M12 4c-2.5 2.4-2.5 13.6 0 16" />
    </>
  ),
  LoadBalancer: <path d="M4 12h5m0 0 4-5h7m-11 5 4 5h7m-3-13 3 3-3 3m0 4 3 3-3 3" />,
  Service: (
    <>
      <circle cx="6" cy="12" r="2.5" />
      <circle cx="18" cy="6" r="2.5" />
      <circle cx="18" cy="18" r="2.5" />
      <path d="M8.3 11 15.7 7M8.3 13l7.4 4" />
    </>
  ),
  Node: (
    <>
      <rect x="4" y="5" width="16" height="6" rx="1.5" />
      <rect x="4" y="13" width="16" height="6" rx="1.5" />
      <path d="M7.5 8h.01M7.5 16h.01" />
    </>
  ),
  Pod: <path d="M12 3.5 19.5 8v8L12 20.5 4.5 16V8Z M4.5 8 12 12.5 19.5 8M12 12.5v8" />,
};

export function KindIcon({ kind }: { kind: BoxKind }) {
  return (
    <span className="kind-icon">
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        width="16"
        height="16"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        {GLYPHS[kind]}
      </svg>
    </span>
  );
}
