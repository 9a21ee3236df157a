/** IPv4 arithmetic and the stable hashing that keeps allocated addresses put while the user types. */

export function ipToInt(ip: string): number | null {
  const parts = ip.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    n = n * 256 + octet;
  }
  return n;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export interface Cidr {
  base: number;
  size: number;
}

export function parseCidr(cidr: string): Cidr | null {
  const [ip, bits] = cidr.split("/");
  const base = ipToInt(ip ?? "");
  const prefix = Number(bits);
  if (base === null || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return null;
  const size = 2 ** (32 - prefix);
  return { base: base - (base % size), size };
}

export function cidrContains(cidr: Cidr, ip: string): boolean {
  const n = ipToInt(ip);
  return n !== null && n >= cidr.base && n < cidr.base + cidr.size;
}

/** FNV-1a, 32 bit: small, fast and the same on every machine. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Hands out numbers from [min, max], starting at a hash of the owner's name and probing upwards,
 * so adding or removing one object does not move anybody else's address or port.
 */
export class StableAllocator {
  private readonly used = new Set<number>();
  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {}

  /** Marks a value as taken; false when it already was. */
  reserve(value: number): boolean {
    if (this.used.has(value)) return false;
    this.used.add(value);
    return true;
  }

  allocate(owner: string): number | null {
    const span = this.max - this.min + 1;
    if (this.used.size >= span) return null;
    const start = fnv1a(owner) % span;
    for (let i = 0; i < span; i++) {
      const value = this.min + ((start + i) % span);
      if (!this.used.has(value)) {
        this.used.add(value);
        return value;
      }
    }
    return null;
  }
}

/**
 * The allocator of a node's pod addresses: .0 is the network, .1 the node's bridge and the last
 * address broadcast, so pods get the rest. A CIDR that does not parse counts as a /24 at 0.0.0.0.
 */
export function podAddressAllocator(podCIDR: string): StableAllocator {
  const cidr = parseCidr(podCIDR) ?? { base: 0, size: 256 };
  return new StableAllocator(cidr.base + 2, cidr.base + cidr.size - 2);
}
