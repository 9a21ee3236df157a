import { ViewportPortal } from "@xyflow/react";
import { useEffect, useRef } from "react";
import { hopStops } from "../../layout/hopStops";
import { type FlightPath, flightPath, flightPosition, LEG_MS } from "../../playback/flightPath";
import { appStore, useApp } from "../../state/appStore";
import { selectBurstNonce, selectLayout, selectLoadRunning, selectPlayer } from "../../state/selectors";

/** More packets than this in the air adds nothing to read; the oldest are dropped first. */
const MAX_IN_FLIGHT = 400;
/** The counts and edge labels refresh this often while packets fly (React renders, not frames). */
const PUBLISH_MS = 250;

interface Packet {
  path: FlightPath;
  departAt: number;
  element: HTMLDivElement;
}

/**
 * A load run's packets on the canvas. One requestAnimationFrame loop: positions are a pure
 * function of time, written straight to each packet's transform; React hears only the counts, a
 * few times a second. Under prefers-reduced-motion nothing moves: the counts and labels still show
 * where the requests went.
 */
export function PacketLayer() {
  const player = useApp(selectPlayer);
  const running = useApp(selectLoadRunning);
  const burst = useApp(selectBurstNonce);
  const layout = useApp(selectLayout);
  const host = useRef<HTMLDivElement>(null);
  const edgeCounts = useRef<{ player: unknown; counts: Record<string, number> }>({
    player: null,
    counts: {},
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: running and burst wake the loop after it went idle
  useEffect(() => {
    const layer = host.current;
    if (!player || !layer) return;
    if (edgeCounts.current.player !== player) edgeCounts.current = { player, counts: {} };
    const counts = edgeCounts.current.counts;
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const packets: Packet[] = [];
    let published = -1;
    let lastPublish = 0;
    let frame = 0;
    const tick = (now: number) => {
      player.advance(now);
      for (const flight of player.takeFlights()) {
        const path = flightPath(hopStops(flight.trace, layout), !flight.trace.outcome.delivered);
        for (const id of path.edges) counts[id] = (counts[id] ?? 0) + 1;
        if (still || path.points.length < 2) continue;
        const element = document.createElement("div");
        element.className = path.failed ? "packet packet--failed" : "packet";
        element.style.visibility = "hidden";
        layer.append(element);
        packets.push({ path, departAt: flight.departAt, element });
      }
      while (packets.length > MAX_IN_FLIGHT) packets.shift()?.element.remove();
      for (let i = packets.length - 1; i >= 0; i--) {
        const packet = packets[i] as Packet;
        const at = flightPosition(packet.path, now - packet.departAt, LEG_MS);
        if (at) {
          packet.element.style.visibility = "visible";
          packet.element.style.transform = `translate(${at.x}px, ${at.y}px)`;
        } else if (now - packet.departAt > 0) {
          packet.element.remove();
          packets.splice(i, 1);
        }
      }
      if (player.version !== published && now - lastPublish >= PUBLISH_MS) {
        published = player.version;
        lastPublish = now;
        appStore.getState().publishTraffic(player.result(), { ...counts });
      }
      // Keep going while a load runs, packets fly or counts wait to be shown.
      if (player.isRunning || packets.length > 0 || player.version !== published) {
        frame = requestAnimationFrame(tick);
      }
    };
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      for (const packet of packets) packet.element.remove();
    };
  }, [player, layout, running, burst]);

  return (
    <ViewportPortal>
      <div ref={host} className="packets" aria-hidden="true" />
    </ViewportPortal>
  );
}
