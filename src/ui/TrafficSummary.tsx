import { useApp } from "../state/appStore";
import { selectTraffic } from "../state/selectors";

/** How the last burst spread over pods, as the engine's traffic run counted it. */
export function TrafficSummary() {
  const traffic = useApp(selectTraffic);
  if (!traffic) return null;
  const outcomes = Object.entries(traffic.outcomes)
    .map(([what, n]) => `${what}: ${n}`)
    .join(", ");
  return (
    <section className="traffic" aria-label="Traffic">
      <p className="traffic__head">
        {traffic.count} requests · {outcomes}
      </p>
      <ul className="traffic__bars">
        {traffic.destinations.map((d) => {
          const share = traffic.count > 0 ? d.count / traffic.count : 0;
          return (
            <li key={`${d.namespace}/${d.pod}`} className="traffic__row" data-workload={d.workload}>
              <span className="traffic__name" title={`${d.namespace}/${d.pod}`}>
                {d.workload} <span className="traffic__pod">{d.pod}</span>
              </span>
              <span className="traffic__bar" aria-hidden="true">
                <span style={{ width: `${share * 100}%` }} />
              </span>
              <span className="traffic__count">
                {d.count} ({(share * 100).toFixed(1)}%)
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
