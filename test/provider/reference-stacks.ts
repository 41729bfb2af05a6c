// The reference configuration synthesized at the target and at the earliest migration wave:
// every stack's Terraform JSON, for the tests that hold the provider facts against the stacks.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.ts";
import { inlineTables } from "../../scripts/terraform-json/blocks.ts";

export interface ReferenceStack {
  /** `target` or the `--at` point. */
  readonly point: string;
  readonly name: string;
  readonly json: Record<string, unknown>;
}

export const POINTS = [["target"], ["start-2015", "--at", "start-2015"]] as const;

export async function synthesizeReferenceStacks(): Promise<ReferenceStack[]> {
  const work = mkdtempSync(join(tmpdir(), "irvn-provider-"));
  try {
    const stacks: ReferenceStack[] = [];
    for (const [point, ...at] of POINTS) {
      const out = join(work, point);
      const r = await runCli(["synth", ...at, "--out", out]);
      if (r.code !== 0) throw new Error(`synth ${point} failed: ${r.stderr}`);
      for (const name of readdirSync(join(out, "stacks")).sort()) {
        const json = inlineTables(
          JSON.parse(readFileSync(join(out, "stacks", name, "cdk.tf.json"), "utf8")),
        ) as Record<string, unknown>;
        stacks.push({ point, name, json });
      }
    }
    return stacks;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
