import { describe, expect, it } from "vitest";
import { FORMATS } from "../../stacks/model/formats.ts";
import { show } from "../../stacks/model/problems.ts";

describe("safe-text", () => {
  const safe = FORMATS["safe-text"]!.check;

  it.each([
    "Mook en Middelaar",
    "'s-Hertogenbosch",
    "Stadswinkel Mariënburg",
    "Druten & Afferden, Deest",
    "Gemeentehuis Heumen (Malden)",
  ])("accepts %j", (v) => expect(safe(v)).toBe(true));

  it.each([
    ["a line break", "Druten\nAfferden"],
    ["a quote", 'Druten "oost"'],
    ["a Terraform interpolation", "${var.x}"],
    ["a Terraform directive", "%{ if x }"],
    ["a handlebars opener", "{{x}}"],
    ["a right-to-left override", "Druten\u202eetrud"],
    ["a zero-width space", "Dru\u200bten"],
    ["a byte-order mark", "\ufeffDruten"],
    ["surrounding spaces", " Druten"],
  ])("refuses %s", (_, v) => expect(safe(v)).toBe(false));
});

describe("show", () => {
  it("keeps a reported value on one line", () => {
    expect(show("a\u2028b\u0085c")).toBe('"a\\u2028b\\u0085c"');
  });
});
