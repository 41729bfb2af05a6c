// The workplace stacks of a model and nothing else, the part of synth that "ours / naive"
// compares: here our way (ComputeStack, for_each tables, our writer); naive-stack.ts the naive
// way, in a module of its own so that only its runs load cdktf.
import { ComputeStack } from "../../stacks/compute-stack.ts";
import type { Model } from "../../stacks/model/index.ts";
import { App } from "../../stacks/terraform/elements.ts";

/** Each tenant with workplace pools, and those pools, as `workplace-<tenant>` stacks hold them. */
export function workplacePools(model: Model): { stack: string; pools: Model["vmPools"] }[] {
  return model.tenants
    .map((t) => ({
      stack: `workplace-${t.id}`,
      pools: model.vmPools.filter((p) => p.tenant === t.id && p.kind === "workplaces"),
    }))
    .filter(({ pools }) => pools.length > 0);
}

export function synthOurWorkplaces(model: Model, outdir: string): void {
  const app = new App({ outdir });
  for (const { stack, pools } of workplacePools(model)) new ComputeStack(app, stack, { ...model, pools });
  app.synth();
}
