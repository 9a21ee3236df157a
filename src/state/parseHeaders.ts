import { parseHeaderLine } from "../engine/route/request";

/** `Name: value` per line; blank lines are skipped, anything else is a mistake worth naming. */
export function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const header = parseHeaderLine(line);
    if (!header) throw new Error(`Header line ${i + 1} ("${line.trim()}") is not "Name: value".`);
    headers[header[0]] = header[1];
  });
  return headers;
}
