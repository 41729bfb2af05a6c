// Local state protection when stacks share the state directory and run in parallel: a stack
// restricts its own state and backup and touches no other stack's files (a listing of the whole
// directory raced with another stack's terraform replacing its files: ENOENT on chmod).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { guardLocalStateDir, restrictLocalStateFiles } from "../../scripts/terraform/local-state.ts";

const mode = (path: string) => statSync(path).mode & 0o777;

describe("local state files", () => {
  const root = mkdtempSync(join(tmpdir(), "irvn-local-state-"));
  afterEach(() => rmSync(join(root, "state"), { recursive: true, force: true }));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const stackDir = join(root, "stacks", "central");
  mkdirSync(stackDir, { recursive: true });
  const config = { terraform: { backend: { local: { path: "../../state/central.tfstate" } } } };

  it("before terraform: the directory 0700, even when there is no state yet", async () => {
    await guardLocalStateDir(stackDir, config);
    expect(mode(join(root, "state"))).toBe(0o700);
  });

  it("after terraform: its own state and backup 0600, another stack's files untouched", async () => {
    mkdirSync(join(root, "state"));
    for (const name of ["central.tfstate", "central.tfstate.backup", "network.tfstate"]) {
      writeFileSync(join(root, "state", name), "{}");
      chmodSync(join(root, "state", name), 0o644);
    }
    await restrictLocalStateFiles(stackDir, config);
    expect(mode(join(root, "state", "central.tfstate"))).toBe(0o600);
    expect(mode(join(root, "state", "central.tfstate.backup"))).toBe(0o600);
    expect(mode(join(root, "state", "network.tfstate"))).toBe(0o644);
  });

  it("a remote backend: nothing to do", async () => {
    await guardLocalStateDir(stackDir, {});
    expect(() => statSync(join(root, "state"))).toThrow(/ENOENT/);
  });
});
