// `irvn diff` option handling; nothing here runs git or synth.
import { describe, expect, it } from "vitest";
import { diff } from "../../scripts/commands/diff.ts";
import { UsageError } from "../../scripts/io.ts";

async function run(argv: string[]) {
  let stdout = "";
  const code = await diff(argv, {
    cwd: "/",
    env: {},
    stdout: (t) => void (stdout += t),
    stderr: () => undefined,
  });
  return { code, stdout };
}

describe("irvn diff options", () => {
  it("prints help with the flags and exit codes", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^usage: irvn diff --base REF \[--head REF\] \[--format md\|json\] \[--at WAVE\]/,
    );
    expect(r.stdout).toContain("Exit codes: 0 no differences, 2 differences (or a usage error), 1 error.");
  });

  it("requires --base and a known format", async () => {
    await expect(run([])).rejects.toThrow(
      new UsageError("--base is required: the ref to compare against, e.g. --base origin/main"),
    );
    await expect(run(["--base", "main", "--format", "html"])).rejects.toThrow(
      /--format must be md or json \(got "html"\)/,
    );
    await expect(run(["--bsae", "main"])).rejects.toThrow(UsageError);
  });
});
