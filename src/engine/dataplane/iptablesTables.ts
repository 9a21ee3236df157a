/**
 * A structured iptables-restore document: tables, the chains kube-proxy declares in them and the
 * rules appended to each chain. Built by iptablesRules.ts, printed by iptables.ts.
 */
export type TableName = "filter" | "nat";

export interface IptablesRule {
  chain: string;
  /** Everything after `-A CHAIN`, one word per element (quoted comments are one word). */
  args: string[];
}

export interface IptablesTable {
  name: TableName;
  /** Declared chains (`:CHAIN - [0:0]`), in declaration order. */
  chains: string[];
  rules: IptablesRule[];
}

export class TableBuilder {
  private readonly declared = new Set<string>();
  private readonly rules: IptablesRule[] = [];

  constructor(private readonly name: TableName) {}

  declare(chain: string): this {
    this.declared.add(chain);
    return this;
  }

  append(chain: string, ...args: string[]): this {
    this.rules.push({ chain, args });
    return this;
  }

  build(): IptablesTable {
    return { name: this.name, chains: [...this.declared], rules: this.rules };
  }
}

/**
 * `-m comment --comment TEXT`: kube-proxy writes the double quotes itself, and only around
 * comments with spaces (proxier.go: `"%s cluster IP"` is quoted, a bare "ns/svc:port" is not).
 */
export function comment(text: string): string[] {
  return ["-m", "comment", "--comment", text.includes(" ") ? `"${text}"` : text];
}

/**
 * Chains in the order kube-proxy's tests print a dump (proxier_test.go sortIPTablesRules):
 * KUBE-NODEPORTS, then KUBE-SERVICES, then the other KUBE-* chains alphabetically. Rules stay in
 * the order they were appended within their chain, which is the order the kernel evaluates them.
 */
export function sortedChains(table: IptablesTable): string[] {
  const rank = (c: string) => (c === "KUBE-NODEPORTS" ? 0 : c === "KUBE-SERVICES" ? 1 : 2);
  return [...table.chains].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

export function renderTable(table: IptablesTable): string[] {
  const chains = sortedChains(table);
  const byChain = new Map<string, string[]>(chains.map((c) => [c, []]));
  for (const rule of table.rules) byChain.get(rule.chain)?.push(`-A ${rule.chain} ${rule.args.join(" ")}`);
  return [
    `*${table.name}`,
    ...chains.map((c) => `:${c} - [0:0]`),
    ...chains.flatMap((c) => byChain.get(c) ?? []),
    "COMMIT",
  ];
}
