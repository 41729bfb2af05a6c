// Every synthesized reference stack, at the target and at the first wave, leaves no drift trap
// unhandled (see scripts/provider/drift-traps.ts): each attribute the provider fills from vCenter
// is set by the stack, ignored by it, or closed by the attribute the facts name (host_managed).
import { beforeAll, describe, expect, it } from "vitest";
import { unhandledDriftTraps } from "../../scripts/provider/drift-traps.ts";
import { type ReferenceStack, synthesizeReferenceStacks } from "./reference-stacks.ts";

let stacks: ReferenceStack[];
beforeAll(async () => {
  stacks = await synthesizeReferenceStacks();
});

describe("the reference stacks", () => {
  it("every synthesized reference stack has no unhandled drift traps", () => {
    const problems = stacks.flatMap((s) =>
      unhandledDriftTraps(s.name, s.json).map((p) => `${s.point} ${p.stack} ${p.address} ${p.attribute}`),
    );
    expect(problems).toEqual([]);
  });
});
