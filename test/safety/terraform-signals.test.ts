// terraform on a bad day (issue 13, item 8): killed by a signal, the message names the signal;
// irvn interrupted while terraform runs passes the interrupt on, waits for terraform to stop (a
// second interrupt would make it drop everything, state lock included), says so and exits 143.
// A stand-in terraform on the PATH plays each part.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { fixtureProject, type Project } from "../terraform/helpers.ts";
import { startIrvn } from "./helpers.ts";

let project: Project;
let bin: string;
afterEach(async () => {
  await project?.remove();
  if (bin) rmSync(bin, { recursive: true, force: true });
});

/** A terraform that reports version 1.9.0 and does `script` for every other command. */
function fakeTerraform(script: string): Record<string, string> {
  bin = mkdtempSync(join(tmpdir(), "irvn-fake-terraform-"));
  writeFileSync(
    join(bin, "terraform"),
    `#!/bin/sh\nif [ "$1" = version ]; then echo '{"terraform_version":"1.9.0"}'; exit 0; fi\n${script}\n`,
  );
  chmodSync(join(bin, "terraform"), 0o755);
  return { PATH: `${bin}:${process.env.PATH}` };
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("terraform and signals", { timeout: 60_000 }, () => {
  it("terraform killed by SIGKILL: the stack's failure names the signal", async () => {
    project = await fixtureProject("basic");
    const env = fakeTerraform("kill -9 $$");
    const r = await startIrvn(["plan", "--skip-synth", "--stack", "central"], { cwd: project.dir, env });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("[1/1] central: FAILED");
    expect(r.stderr).toContain(
      "terraform init -input=false -no-color was killed by SIGKILL in " +
        `${project.path("cdktf.out", "stacks", "central")} (out of memory, or stopped by another program): run it again`,
    );
    expect(r.stderr).not.toContain("internal error");
  });

  it("SIGTERM while terraform plans: passed on as an interrupt, waited for, said, exit 143", async () => {
    project = await fixtureProject("basic");
    const started = join(project.dir, "terraform-started");
    const env = fakeTerraform(
      `[ "$1" = plan ] || exit 0\n` +
        `trap 'kill $!; echo "Interrupt received." >&2; echo stopped >> ${started}; exit 1' INT\n` +
        `sleep 30 & echo $$ > ${started}; wait`,
    );
    const run = startIrvn(["plan", "--skip-synth", "--stack", "central"], { cwd: project.dir, env });
    while (!existsSync(started)) await sleep(20);
    const terraform = Number(readFileSync(started, "utf8").split("\n")[0]);
    process.kill(run.pid!, "SIGTERM");
    const r = await run;
    expect(r.exitCode).toBe(143);
    expect(r.stderr).toContain("irvn plan: interrupted by SIGTERM");
    expect(r.stderr).toContain("irvn plan: stopped by SIGTERM");
    expect(readFileSync(started, "utf8").split("\n")[1]).toBe("stopped");
    expect(isAlive(terraform)).toBe(false);
  });
});
