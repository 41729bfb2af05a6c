// The configuration reference tells authors what a change does to vCenter ("changing it replaces
// the datacenter"). Each such claim is held to the provider's facts, and a new claim has to be
// added here, so the reference and `irvn diff` cannot tell different stories.
import { describe, expect, it } from "vitest";
import { attributeFact } from "../../scripts/provider/facts.ts";
import { SCHEMAS } from "../../stacks/model/schema/index.ts";

/** Schema location (kind and JSON path of the key) → the resource attribute it becomes. */
const CLAIMS: Record<string, { type: string; attribute: string; verdict: "replaces" | "in place" | "disk" }> =
  {
    "region clusters.*.name": { type: "vsphere_compute_cluster", attribute: "name", verdict: "in place" },
    "region vcenter.datacenter": { type: "vsphere_datacenter", attribute: "name", verdict: "replaces" },
    "region switch.name": {
      type: "vsphere_distributed_virtual_switch",
      attribute: "name",
      verdict: "in place",
    },
    // the VM stays, its disk is replaced: the data-loss rule of irvn diff
    "catalog profiles.*.disks[].label": {
      type: "vsphere_virtual_machine",
      attribute: "disk.label",
      verdict: "disk",
    },
  };

function claims(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (kind: string, node: unknown, path: string) => {
    if (node === null || typeof node !== "object") return;
    const s = node as Record<string, unknown>;
    if (typeof s.description === "string" && /changing it/.test(s.description))
      found.set(`${kind} ${path}`, s.description);
    for (const [key, child] of Object.entries(s.properties ?? {}))
      walk(kind, child, path ? `${path}.${key}` : key);
    if (s.patternProperties)
      for (const child of Object.values(s.patternProperties)) walk(kind, child, `${path}.*`);
    if (typeof s.additionalProperties === "object") walk(kind, s.additionalProperties, `${path}.*`);
    if (s.items) walk(kind, s.items, `${path}[]`);
  };
  for (const [kind, { schema }] of Object.entries(SCHEMAS)) walk(kind, schema, "");
  return found;
}

describe("what the configuration reference says a change does", () => {
  const found = claims();

  it("finds every claim, and each is one this test knows", () => {
    expect([...found.keys()].sort()).toEqual(Object.keys(CLAIMS).sort());
  });

  it.each(Object.entries(CLAIMS))("%s agrees with the provider", (where, claim) => {
    const text = found.get(where)!;
    const fact = attributeFact(claim.type, claim.attribute)!;
    expect(fact, `${claim.type}.${claim.attribute} in the facts`).toBeDefined();
    if (claim.verdict === "replaces") {
      expect(fact.update).toBe("replace");
      expect(text).toMatch(/changing it replaces the/);
    } else {
      expect(fact.update).toBe("in-place");
      expect(text).toMatch(claim.verdict === "disk" ? /replaces the disk/ : /in place/);
    }
  });
});
