import { type KeyboardEvent, lazy, Suspense, useRef } from "react";
import { useApp } from "../state/appStore";
import type { SidePanel as Panel } from "../state/selectionSlice";
import { selectPanel, selectSetPanel } from "../state/selectors";
import { EventsPanel } from "./events/EventsPanel";
import { HopList } from "./HopList";
import { Inspector } from "./inspector/Inspector";
import { OutcomeSummary } from "./OutcomeSummary";
import { PaneBoundary } from "./PaneBoundary";
import { TrafficSummary } from "./TrafficSummary";

// The configuration renderers (nginx.conf, Envoy, iptables) load when the tab is first opened.
const UnderTheHood = lazy(() => import("./UnderTheHood").then((m) => ({ default: m.UnderTheHood })));

const TABS: { id: Panel; label: string }[] = [
  { id: "path", label: "Request path" },
  { id: "inspector", label: "Inspector" },
  { id: "events", label: "Events" },
  { id: "hood", label: "Under the hood" },
];

/** The request's path, the selected object, or whole configurations: one at a time, as tabs. */
export function SidePanel() {
  const panel = useApp(selectPanel);
  const setPanel = useApp(selectSetPanel);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  // WAI-ARIA tabs: arrows move between tabs, and the moved-to tab is shown.
  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.findIndex((t) => t.id === panel);
    const delta = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (delta === 0) return;
    event.preventDefault();
    const next = (index + delta + TABS.length) % TABS.length;
    const tab = TABS[next];
    if (tab) setPanel(tab.id);
    tabs.current[next]?.focus();
  };

  return (
    <div className="side">
      <div className="tabs" role="tablist" aria-label="Details" onKeyDown={onKeyDown}>
        {TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={panel === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={panel === t.id ? 0 : -1}
            className="tab"
            onClick={() => setPanel(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="side__panel" role="tabpanel" id={`panel-${panel}`} aria-labelledby={`tab-${panel}`}>
        {panel === "path" && (
          <PaneBoundary name="request path">
            <OutcomeSummary />
            <TrafficSummary />
            <HopList />
          </PaneBoundary>
        )}
        {panel === "inspector" && (
          <PaneBoundary name="inspector">
            <Inspector />
          </PaneBoundary>
        )}
        {panel === "events" && (
          <PaneBoundary name="events">
            <EventsPanel />
          </PaneBoundary>
        )}
        {panel === "hood" && (
          <PaneBoundary name="configuration view">
            <Suspense fallback={<p className="placeholder">Loading…</p>}>
              <UnderTheHood />
            </Suspense>
          </PaneBoundary>
        )}
      </div>
    </div>
  );
}
