// Replacing the output directory in one step: everything is written to a sibling temporary
// directory first and swapped in only when complete, so a failed synth leaves the previous
// output intact. Terraform's per-stack working state (.terraform) survives the swap, so a
// re-synth does not force a new `terraform init`.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const KEEP_IN_STACK = [".terraform", ".terraform.lock.hcl"];

export function replaceDirectory(outDir: string, write: (tmpDir: string) => void): void {
  const parent = dirname(outDir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(outDir)}.tmp-${process.pid}`);
  const old = join(parent, `.${basename(outDir)}.old-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    write(tmp);
    if (existsSync(outDir)) {
      carryOverTerraformState(outDir, tmp);
      renameSync(outDir, old);
    }
    renameSync(tmp, outDir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}

function carryOverTerraformState(from: string, to: string): void {
  const stacks = join(from, "stacks");
  if (!existsSync(stacks)) return;
  for (const stack of readdirSync(stacks)) {
    if (!existsSync(join(to, "stacks", stack))) continue;
    for (const name of KEEP_IN_STACK) {
      const src = join(stacks, stack, name);
      if (existsSync(src)) renameSync(src, join(to, "stacks", stack, name));
    }
  }
}
