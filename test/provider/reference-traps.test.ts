// Every synthesized reference stack must leave no drift trap unhandled (see
// scripts/provider/drift-traps.ts). Marked it.fails while the stacks are being fixed: today, at
// the target and at start-2015 alike, it finds in `central` the clusters' host_system_ids, tags,
// custom_attributes and all twelve vsan_* traps, the datacenter's tags and custom_attributes, the
// folders' custom_attributes (and the root folder's tags); in `network` the switch's host,
// pvlan_mapping, tags and custom_attributes and the facility port groups' custom_attributes; in
// every `network-<tenant>` the port groups' custom_attributes; and (target only) in every
// `workplace-<tenant>` and `applications-nijmegen` each VM table's cdrom and custom_attributes.
// Flip it to `it` once the stacks handle them.
import { beforeAll, describe, expect, it } from "vitest";
import { unhandledDriftTraps } from "../../scripts/provider/drift-traps.ts";
import { type ReferenceStack, synthesizeReferenceStacks } from "./reference-stacks.ts";

let stacks: ReferenceStack[];
beforeAll(async () => {
  stacks = await synthesizeReferenceStacks();
});

describe("the reference stacks", () => {
  it.fails("every synthesized reference stack has no unhandled drift traps", () => {
    const problems = stacks.flatMap((s) =>
      unhandledDriftTraps(s.name, s.json).map((p) => `${s.point} ${p.stack} ${p.address} ${p.attribute}`),
    );
    expect(problems).toEqual([]);
  });
});
