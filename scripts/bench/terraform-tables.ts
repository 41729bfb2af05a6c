// How long `terraform plan` takes over one for_each table of N instances, written inline in the
// block or as a local (as the stacks write it): built-in terraform_data blocks, so it runs
// offline; each item holds a host name and 40 characters of metadata, like a workplace VM.
//
//   node --import tsx scripts/bench/terraform-tables.ts [N ...]     (default 250 500 1000)
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ENV = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

function config(n: number, asLocal: boolean): object {
  const table = Object.fromEntries(
    Array.from({ length: n }, (_, i) => {
      const id = String(i).padStart(5, "0");
      return [`druten/office-session-${id}`, { hostname: `drt-os-${id}`, metadata: "x".repeat(40) }];
    }),
  );
  const vms = { for_each: asLocal ? "${local.vms}" : table, input: "${each.value.hostname}" };
  return { ...(asLocal ? { locals: { vms: table } } : {}), resource: { terraform_data: { vms } } };
}

function planSeconds(n: number, asLocal: boolean): number {
  const dir = mkdtempSync(join(tmpdir(), "irvn-tables-"));
  try {
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config(n, asLocal)));
    execFileSync("terraform", ["init", "-input=false"], { cwd: dir, env: ENV, stdio: "ignore" });
    const start = performance.now();
    execFileSync("terraform", ["plan", "-input=false", "-refresh=false", "-out=plan"], {
      cwd: dir,
      env: ENV,
      stdio: "ignore",
    });
    return (performance.now() - start) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length > 0 ? sizes : [250, 500, 1000]) {
  const [inline, local] = [planSeconds(n, false), planSeconds(n, true)];
  console.log(`${n} instances: inline ${inline.toFixed(1)} s, local ${local.toFixed(1)} s`);
}
