import { describe, expect, it } from "vitest";
import { parseHeaders } from "./parseHeaders";

describe("parseHeaders", () => {
  it.each([
    ["", {}],
    ["X-Canary: always", { "X-Canary": "always" }],
    ["Host: shop.example\n\nCookie: a=1; b=2\n", { Host: "shop.example", Cookie: "a=1; b=2" }],
    ["Authorization: Bearer a:b", { Authorization: "Bearer a:b" }],
  ])("%j", (text, headers) => {
    expect(parseHeaders(text)).toEqual(headers);
  });

  it("names the line that is not a header", () => {
    expect(() => parseHeaders("Host: a\nnot a header")).toThrow(
      'Header line 2 ("not a header") is not "Name: value".',
    );
  });
});
