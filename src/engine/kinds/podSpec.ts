import type { SimContainer } from "../model";
import { integer, list, protocolOf, record, text } from "./read";

/** The parts of a PodSpec that routing depends on, defaults filled. */
export interface PodSpecDecl {
  containers: SimContainer[];
  nodeName: string | null;
  nodeSelector: Record<string, string>;
  hostname: string | null;
  subdomain: string | null;
}

export function readPodSpec(value: unknown): PodSpecDecl {
  const spec = record(value);
  const containers = list(spec.containers).map((c, i): SimContainer => {
    const container = record(c);
    return {
      name: text(container.name) ?? `container-${i}`,
      image: text(container.image) ?? "",
      ports: list(container.ports).flatMap((p) => {
        const port = record(p);
        const containerPort = integer(port.containerPort);
        return containerPort === null
          ? []
          : [{ name: text(port.name), containerPort, protocol: protocolOf(port.protocol) }];
      }),
    };
  });
  const nodeSelector: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(spec.nodeSelector)))
    if (typeof v === "string") nodeSelector[k] = v;
  return {
    containers,
    nodeName: text(spec.nodeName),
    nodeSelector,
    hostname: text(spec.hostname),
    subdomain: text(spec.subdomain),
  };
}
