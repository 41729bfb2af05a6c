// `irvn providers lock`, the other writer of committed files: the lock files under providers/locks/
// are written under a lock and only over the bytes a run started from, so that a lock file
// another program rewrote meanwhile (a merge, a second run) is not overwritten.
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fixtureProject, skipBecause, terraformMissing, type Project } from "../terraform/helpers.ts";
import { irvnLeftovers, startIrvn, stopped } from "./helpers.ts";

const LOCK = "providers/locks/central.terraform.lock.hcl";

describe.skipIf(skipBecause("provider locks with terraform", terraformMissing()))(
  "irvn providers lock",
  () => {
    let project: Project;
    afterEach(async () => project?.remove());

    it(
      "does not overwrite a committed lock file rewritten after the run read it",
      { timeout: 60_000 },
      async () => {
        project = await fixtureProject("basic");
        await project.editStack("central", (json) => {
          json.terraform = {
            ...json.terraform,
            required_providers: { vsphere: { source: "vmware/vsphere", version: "2.15.0" } },
          };
        });
        const dir = project.path(
          "mirror",
          "registry.terraform.io",
          "vmware",
          "vsphere",
          "2.15.0",
          "linux_amd64",
        );
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, "terraform-provider-vsphere_v2.15.0_x5"), "#!/bin/sh\nexit 1\n");
        await chmod(join(dir, "terraform-provider-vsphere_v2.15.0_x5"), 0o755);

        const argv = [
          "providers",
          "lock",
          "--skip-synth",
          "--fs-mirror",
          "mirror",
          "--platform",
          "linux_amd64",
          "--stack",
          "central",
        ];
        const fault = {
          nth: 1,
          path: "tmp-central\\.terraform\\.lock\\.hcl|locks/central\\.terraform\\.lock\\.hcl$",
          signal: "SIGSTOP",
        } as const;
        const run = startIrvn(argv, { cwd: project.dir, fault });
        await stopped(run.pid!);
        const merged = "# written by a merge while the run worked\n";
        await mkdir(project.path("providers", "locks"), { recursive: true });
        await writeFile(project.path(LOCK), merged);
        process.kill(run.pid!, "SIGCONT");
        const r = await run;
        expect(r.exitCode, String(r.stderr)).toBe(1);
        expect(r.stderr).toContain(
          `irvn providers: ${LOCK} changed while this run worked on it (another program wrote it): nothing was written`,
        );
        expect(await readFile(project.path(LOCK), "utf8")).toBe(merged);
        expect(irvnLeftovers(project.dir)).toEqual([]);
      },
    );
  },
);
