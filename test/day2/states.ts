// The synthesized stacks of a configuration directory, at the target or at a migration point,
// as the day-2 tests feed them to the shadow; and irvn's own commands to change a configuration.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "../../scripts/synthesize.ts";
import { readGeneratedTree } from "../../scripts/terraform-json/tree.ts";
import type { TerraformJson } from "../../scripts/terraform-json/blocks.ts";
import { loadModel } from "../../stacks/model/index.ts";
import { runCli } from "../helpers/cli.ts";

export type Stacks = Readonly<Record<string, TerraformJson>>;

/** What `irvn synth [--at AT]` writes for the configuration in `root/config`, stack by stack. */
export function synthesizeStacks(root: string, at?: string): Stacks {
  const loaded = loadModel(join(root, "config"), root, at);
  if (!loaded.ok) {
    const why = "usage" in loaded ? loaded.usage : loaded.problems.map((p) => p.message).join("\n");
    throw new Error(`test setup: the configuration in ${root} does not synthesize:\n${why}`);
  }
  const out = mkdtempSync(join(tmpdir(), "irvn-day2-synth-"));
  try {
    generate(loaded.model, out);
    return readGeneratedTree(out, root).stacks;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** `irvn ipam` on the configuration in `root/config`, with extra arguments (`--release KEY`). */
export async function ipam(root: string, ...args: string[]): Promise<void> {
  const r = await runCli(["ipam", "--config", join(root, "config"), ...args], root);
  if (r.code !== 0) throw new Error(`test setup: irvn ipam ${args.join(" ")} failed:\n${r.stderr}`);
}
