import { describe, expect, it } from "vitest";
import { FORMATS } from "../../stacks/model/formats.ts";
import { formatProblem, pointer, show } from "../../stacks/model/problems.ts";

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

describe("formatProblem", () => {
  it("shows a pointer as the keys are written, without RFC 6901 escapes", () => {
    const p = { file: "config/ipam.lock.yaml", line: 3, col: 5, message: "m" };
    expect(formatProblem({ ...p, pointer: pointer("segments", "druten/voip", "vlan") })).toBe(
      "config/ipam.lock.yaml:3:5  /segments/druten/voip/vlan  m",
    );
    expect(formatProblem({ ...p, pointer: pointer("vms", "web~1") })).toBe(
      "config/ipam.lock.yaml:3:5  /vms/web~1  m",
    );
  });
});
