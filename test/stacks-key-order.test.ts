// Nothing in the synthesized stacks follows the order of keys in the YAML: the reference and a copy
// with every map reversed synthesize byte-identical stacks at the target and at a point mid-way
// (the import blocks of adopted VMs came out in the order of the applications in the tenant file).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../scripts/synthesize.ts";
import { loadModel } from "../stacks/model/index.ts";
import { ROOT } from "./helpers/cli.ts";
import { reverseKeys } from "./helpers/reverse-keys.ts";
import { tempConfig } from "./helpers/temp-config.ts";

/** Every stack's Terraform JSON, by stack name. */
function stacks(configDir: string, cwd: string, point: string, out: string): Map<string, string> {
  const loaded = loadModel(configDir, cwd, point === "target" ? undefined : point);
  if (!loaded.ok) throw new Error(`test setup: ${configDir} does not validate at ${point}`);
  generate(loaded.model, out);
  const dir = join(out, "stacks");
  return new Map(readdirSync(dir).map((s) => [s, readFileSync(join(dir, s, "cdk.tf.json"), "utf8")]));
}

describe("synthesized stacks and the order of keys in the YAML", () => {
  const copy = tempConfig("irvn-reversed-");
  const scratch = mkdtempSync(join(tmpdir(), "irvn-key-order-"));
  afterAll(() => {
    copy.remove();
    rmSync(scratch, { recursive: true, force: true });
  });
  expect(reverseKeys(copy.config)).toBeGreaterThan(100);

  it.each(["target", "2018-01-01"])(
    "are byte-identical from a configuration with every map reversed (%s)",
    (point) => {
      const reference = stacks(join(ROOT, "config"), ROOT, point, join(scratch, `a-${point}`));
      const reversed = stacks(copy.config, copy.root, point, join(scratch, `b-${point}`));
      expect([...reversed.keys()].sort()).toEqual([...reference.keys()].sort());
      expect(reference.size).toBeGreaterThan(5);
      expect(
        [...reference].filter(([name, text]) => reversed.get(name) !== text).map(([name]) => name),
      ).toEqual([]);
    },
  );
});
