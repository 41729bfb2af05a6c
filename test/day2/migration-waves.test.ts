// Every migration transition of config/migration.yaml, judged by real terraform: the shadow of
// the state before the first wave is applied, then each wave is planned and applied in turn.
// No plan is refused, no VM is replaced, and terraform's plan holds exactly the changes the
// wave's runbooks list (`irvn migrate plan`), so "the plan shows this wave's changes" holds.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transition } from "../../scripts/migration/changes.ts";
import { type State, stateAt, steps } from "../../scripts/migration/walk.ts";
import { loadModel, type Resolved } from "../../stacks/model/index.ts";
import { PROTECTED_TYPES } from "../../scripts/terraform/guardrails.ts";
import { ROOT } from "../helpers/cli.ts";
import { skipBecause, terraformMissing } from "../terraform/helpers.ts";
import { count, outcomeOf, renderTable, type Row } from "./outcomes.ts";
import { buildShadow, PROVIDER_FACTS } from "./shadow.ts";
import { ShadowWorkspace } from "./terraform.ts";
import { instanceAddress } from "../../scripts/terraform-json/blocks.ts";

const KIND = {
  create: "add",
  update: "change",
  replace: "replace",
  destroy: "remove",
  import: "add",
} as const;

const work = mkdtempSync(join(tmpdir(), "irvn-waves-"));
let resolved: Resolved;
let workspace: ShadowWorkspace;
let previous: State;
const rows: Row[] = [];

const stepsOfReference = () => {
  const loaded = loadModel(join(ROOT, "config"), ROOT);
  if (!loaded.ok) throw new Error("the reference configuration does not validate");
  return { resolved: loaded, steps: steps(loaded.model) };
};

describe.skipIf(skipBecause("migration waves with terraform", terraformMissing()))(
  "every migration transition, planned and applied by terraform",
  () => {
    const reference = stepsOfReference();
    beforeAll(async () => {
      ({ resolved } = reference);
      workspace = new ShadowWorkspace(join(work, "state"));
      previous = stateAt(resolved, reference.steps[0]!, join(work, "synth"));
      const first = await workspace.plan(buildShadow(previous.tree!.stacks, PROVIDER_FACTS), { apply: true });
      expect(first.refused).toEqual([]);
    }, 300_000);

    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it.each(reference.steps.slice(1).map((s) => [s.id, s] as const))(
      "→ %s",
      async (_id, step) => {
        const next = stateAt(resolved, step, join(work, "synth"));
        expect(next.error).toBeUndefined();
        const plan = await workspace.plan(buildShadow(next.tree!.stacks, PROVIDER_FACTS), { apply: true });
        const outcome = outcomeOf(plan);
        expect(outcome.refused).toEqual([]);
        expect(count(outcome, "replace", "vsphere_virtual_machine")).toBe(0);

        // terraform's plan is what the runbooks list, instance by instance
        const planned = outcome.changes
          .filter((c) => c.action !== "move")
          .map((c) => `${c.stack} ${KIND[c.action as keyof typeof KIND]} ${instanceAddress(c.block, c.key)}`)
          .sort();
        const listed = transition(previous, next)
          .changes.map((c) => `${c.stack} ${c.kind} ${c.address}`)
          .sort();
        expect(planned).toEqual(listed);
        // a retired VM or port group is a destroy irvn apply wants named (the runbook names it)
        for (const c of outcome.changes.filter((x) => x.action === "destroy")) {
          if (c.type === "vsphere_virtual_machine" || c.type === "vsphere_distributed_port_group")
            expect(PROTECTED_TYPES.has(c.type)).toBe(true);
        }
        rows.push({ operation: `${previous.step.id} → ${step.id}`, outcome });
        previous = next;
      },
      300_000,
    );

    it("records the outcomes the guide shows", async () => {
      expect(rows).toHaveLength(reference.steps.length - 1);
      await expect(renderTable(rows)).toMatchFileSnapshot("__snapshots__/migration-waves.md");
    });
  },
);
