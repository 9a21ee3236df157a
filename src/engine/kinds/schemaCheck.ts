/** One schema violation: where (JSON pointer segments) and what. */
export interface SchemaError {
  path: (string | number)[];
  message: string;
}

/**
 * Validation of objects against the Kubernetes API schemas, passed into the engine rather than
 * imported by it: the validators are the largest piece of the page's JavaScript, so the app loads
 * them after the first picture (the CLI and the tests always pass them).
 */
export interface SchemaCheck {
  /** The violations of an object; empty for a valid object or a kind the schemas do not cover. */
  validate(apiVersion: string, kind: string, body: unknown): SchemaError[];
}
