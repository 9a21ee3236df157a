/**
 * The few web-platform globals the pure core may use: they exist alike in browsers, workers and
 * Node, unlike the DOM, which the core's typecheck leaves out on purpose.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  toString(): string;
}
