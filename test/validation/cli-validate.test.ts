// `irvn validate` as a user runs it (node scripts/bin/irvn.js, a real process): exit 1 with the
// located problems on stderr and nothing written for a broken configuration, exit 0 for the
// reference one, exit 2 for a usage error; never a stack trace.
import { execa } from "execa";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { BIN } from "../helpers/cli.ts";
import { materialise, readExpected } from "../helpers/config-copy.ts";
import { tempConfig, type TempConfig } from "../helpers/temp-config.ts";

const STACK_TRACE = /^\s+at /m;

/** Every file and directory under root with its size and modification time. */
function tree(root: string, dir = ""): string[] {
  return readdirSync(join(root, dir))
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      const stat = statSync(join(root, path));
      const entry = `${path} ${stat.size} ${stat.mtimeMs}`;
      return stat.isDirectory() ? [entry, ...tree(root, path)] : [entry];
    });
}

async function irvn(copy: TempConfig, args: string[]) {
  const r = await execa("node", [BIN, ...args], {
    cwd: copy.root,
    env: { CHECKPOINT_DISABLE: "1" },
    reject: false,
  });
  return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

describe.concurrent("irvn validate (the command)", () => {
  it.for(["unknown-key", "yaml-syntax-error", "wrong-type"])(
    "exits 1 on %s with the located problems, no stack trace, nothing written",
    async (name, { expect }) => {
      const copy = materialise(name);
      try {
        const before = tree(copy.root);
        const r = await irvn(copy, ["validate", "--config", "config"]);

        expect(r.code).toBe(1);
        expect(r.stdout).toBe("");
        const lines = r.stderr.split("\n");
        const expected = readExpected(name);
        expect(expected.length).toBeGreaterThan(0);
        expect(lines.slice(0, expected.length)).toEqual(expected);
        expect(lines.slice(expected.length)).toEqual([
          `${expected.length} problem${expected.length === 1 ? "" : "s"} found; nothing was written.`,
        ]);
        for (const line of expected) expect(line).toMatch(/^config\/\S+:\d+:\d+  /);
        expect(r.stderr).not.toMatch(STACK_TRACE);
        expect(tree(copy.root)).toEqual(before);
      } finally {
        copy.remove();
      }
    },
  );

  it("exits 0 on an unmodified copy of the reference configuration", async ({ expect }) => {
    const copy = tempConfig("irvn-cli-reference-");
    try {
      const before = tree(copy.root);
      const r = await irvn(copy, ["validate", "--config", "config"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^config: valid \(7 tenants\)/);
      expect(tree(copy.root)).toEqual(before);
    } finally {
      copy.remove();
    }
  });

  it("exits 2 on an unknown option, saying which, without a stack trace", async ({ expect }) => {
    const copy = tempConfig("irvn-cli-usage-");
    try {
      const r = await irvn(copy, ["validate", "--konfig", "config"]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/--konfig/);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    } finally {
      copy.remove();
    }
  });
});
