// Day 2, judged by real terraform: the reference configuration is applied to a shadow (built-in
// resources with the stacks' addresses, keys and lifecycle, replaced exactly when the provider
// facts say so), then every routine operation of the catalogue is planned against that state.
// The table of outcomes is "What Terraform will do on day 2" in scripts/README.md (drift-tested there).
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.ts";
import { tempConfig } from "../helpers/temp-config.ts";
import { skipBecause, terraformMissing } from "../terraform/helpers.ts";
import { OPERATIONS } from "./catalogue.ts";
import { count, outcomeOf, renderTable, type Row } from "./outcomes.ts";
import { buildShadow, PROVIDER_FACTS } from "./shadow.ts";
import { synthesizeStacks } from "./states.ts";
import { ShadowWorkspace } from "./terraform.ts";

const work = mkdtempSync(join(tmpdir(), "irvn-day2-"));
const baseline = join(work, "baseline");
const rows: Row[] = [];

describe.skipIf(skipBecause("day-2 operations with terraform", terraformMissing()))(
  "day 2 on the reference configuration, planned by terraform",
  () => {
    beforeAll(async () => {
      const applied = await new ShadowWorkspace(baseline).plan(
        buildShadow(synthesizeStacks(ROOT), PROVIDER_FACTS),
        {
          apply: true,
        },
      );
      expect(applied.refused).toEqual([]);
      // the reference as applied plans no changes: the shadow is stable
      const again = await new ShadowWorkspace(baseline).plan(
        buildShadow(synthesizeStacks(ROOT), PROVIDER_FACTS),
      );
      expect(again.changes).toEqual([]);
    }, 600_000);

    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it.each(OPERATIONS.map((op) => [op.title, op] as const))(
      "%s",
      async (_title, op) => {
        const t = tempConfig(`irvn-day2-${op.id}-`);
        try {
          await op.change?.(t);
          const dir = join(work, op.id);
          cpSync(baseline, dir, { recursive: true });
          const plan = await new ShadowWorkspace(dir).plan(
            buildShadow(synthesizeStacks(t.root), PROVIDER_FACTS),
            {
              variables: { ...op.variables },
            },
          );
          const outcome = outcomeOf(plan);
          expect(outcome.refused).toEqual([]);
          expect(count(outcome, "replace", "vsphere_virtual_machine")).toBe(0);
          op.check(outcome);
          rows.push({ operation: op.title, outcome });
        } finally {
          t.remove();
        }
      },
      300_000,
    );

    it("records the outcomes the guide shows", async () => {
      expect(rows).toHaveLength(OPERATIONS.length);
      const order = OPERATIONS.map((op) => op.title);
      rows.sort((a, b) => order.indexOf(a.operation) - order.indexOf(b.operation));
      await expect(renderTable(rows)).toMatchFileSnapshot("__snapshots__/day2-operations.md");
    });
  },
);
