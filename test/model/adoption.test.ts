// Where an adopted VM's NIC goes: its legacy port group's VLAN, the tenant's legacy subnet with
// that VLAN, that subnet's purpose; and each way that chain breaks, in words with the fix.
import { describe, expect, it } from "vitest";
import { nicTarget } from "../../stacks/model/adoption.ts";
import type { InventoryConfig, TenantConfig } from "../../stacks/model/schema/index.ts";

const tenant = (
  subnets: Record<string, { vlan: number; purpose: string }>,
  segments = ["server", "application"],
) => ({
  id: "nijmegen",
  config: {
    segments,
    legacy: {
      subnets: Object.fromEntries(
        Object.entries(subnets).map(([id, s], i) => [id, { cidr: `10.1.${i}.0/24`, ...s }]),
      ),
    },
  } as unknown as TenantConfig,
});
const inventory = {
  portGroups: {
    "VL20-Applicaties": { type: "distributed", vlan: 20 },
    Beheer: { type: "standard", vlan: 5 },
    "VM Network": { type: "standard", vlan: 0 },
    Trunk: { type: "distributed", vlanRanges: [{ first: 1, last: 4094 }] },
  },
} as unknown as InventoryConfig;

describe("nicTarget", () => {
  it("follows the VLAN to the legacy subnet and its purpose", () => {
    expect(
      nicTarget(tenant({ apps: { vlan: 20, purpose: "application" } }), inventory, "VL20-Applicaties"),
    ).toEqual({
      segment: "application",
      subnet: "apps",
      vlan: 20,
    });
  });

  it.each([
    [
      "a network the inventory does not know",
      "Opslag",
      /on a network the inventory does not know \("Opslag"\)/,
    ],
    ["no network", undefined, /does not know \("none"\)/],
    ["an untagged network", "VM Network", /"VM Network", which carries no single VLAN tag/],
    ["a trunk", "Trunk", /"Trunk", which carries no single VLAN tag .* read the inventory again$/],
    [
      "a VLAN no legacy subnet has",
      "Beheer",
      /"Beheer" \(VLAN 5\), and nijmegen has no legacy subnet with VLAN 5: add one to legacy.subnets in municipalities\/nijmegen.yaml with vlan: 5/,
    ],
  ])("says why for %s", (_what, network, message) => {
    const target = nicTarget(tenant({ apps: { vlan: 20, purpose: "application" } }), inventory, network);
    expect(target).toEqual({ problem: expect.stringMatching(message) });
  });

  it("refuses a VLAN whose legacy subnets disagree, or a purpose the tenant has no segment for", () => {
    expect(
      nicTarget(
        tenant({ a: { vlan: 20, purpose: "application" }, b: { vlan: 20, purpose: "server" } }),
        inventory,
        "VL20-Applicaties",
      ),
    ).toEqual({
      problem: expect.stringContaining("the legacy subnets a, b of nijmegen give different purposes"),
    });
    expect(nicTarget(tenant({ a: { vlan: 20, purpose: "dmz" } }), inventory, "VL20-Applicaties")).toEqual({
      problem: expect.stringContaining("legacy subnet a has purpose dmz, a segment nijmegen does not have"),
    });
  });
});
