// Provider installation for air-gapped sites, with the real terraform: lock files recorded from a
// filesystem mirror (a fake provider package: locking hashes it, never runs it) and the preflight
// messages when terraform or a provider cannot be had.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plan } from "../../scripts/commands/plan.ts";
import { providers } from "../../scripts/commands/providers.ts";
import { StackFailure } from "../../scripts/terraform/failures.ts";
import { readManifest } from "../../scripts/terraform/manifest.ts";
import { readStackConfig } from "../../scripts/terraform/stack-config.ts";
import { initStack } from "../../scripts/terraform/stack-init.ts";
import { fixtureProject, ROOT, skipBecause, terraformMissing, type Project } from "./helpers.ts";

const VSPHERE = { vsphere: { source: "vmware/vsphere", version: "2.15.0" } };

/** A filesystem mirror (unpacked layout) holding a stand-in vmware/vsphere 2.15.0 for linux_amd64. */
async function fakeMirror(project: Project): Promise<string> {
  const mirror = project.path("mirror");
  const dir = join(mirror, "registry.terraform.io", "vmware", "vsphere", "2.15.0", "linux_amd64");
  await mkdir(dir, { recursive: true });
  const binary = join(dir, "terraform-provider-vsphere_v2.15.0_x5");
  await writeFile(binary, "#!/bin/sh\necho 'a stand-in, never run' >&2\nexit 1\n");
  await chmod(binary, 0o755);
  return mirror;
}

/** A terraform CLI configuration that installs providers from `mirror` only. */
async function mirrorConfig(project: Project, mirror: string): Promise<string> {
  const file = project.path("mirror.tfrc");
  await writeFile(file, `provider_installation {\n  filesystem_mirror {\n    path = "${mirror}"\n  }\n}\n`);
  return file;
}

describe.skipIf(skipBecause("provider mirror and preflight with terraform", terraformMissing()))(
  "providers and preflight",
  () => {
    let project: Project;
    beforeEach(async () => {
      project = await fixtureProject("basic");
      await project.editStack(
        "central",
        (json) => (json.terraform = { ...json.terraform, required_providers: VSPHERE }),
      );
    });
    afterEach(async () => project.remove());

    it("records lock files from a filesystem mirror under providers/locks/, and init installs from them", async () => {
      const mirror = await fakeMirror(project);
      const r = await project.run(providers, [
        "lock",
        "--skip-synth",
        "--fs-mirror",
        "mirror",
        "--platform",
        "linux_amd64",
        "--stack",
        "central",
        "--stack",
        "network",
      ]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("[1/2] central: locked in providers/locks/central.terraform.lock.hcl");
      expect(r.stdout).toContain("[2/2] network: needs no providers, no lock file");
      const lock = await readFile(project.path("providers/locks/central.terraform.lock.hcl"), "utf8");
      expect(lock).toContain('provider "registry.terraform.io/vmware/vsphere"');
      expect(lock).toMatch(/"h1:[A-Za-z0-9+/=]+"/);

      // A platform the mirror lacks: a clear failure, the committed lock unchanged.
      const more = await project.run(providers, [
        "lock",
        "--skip-synth",
        "--fs-mirror",
        mirror,
        "--platform",
        "darwin_arm64",
        "--stack",
        "central",
      ]);
      expect(more.code).toBe(1);
      expect(more.stderr).toContain("Error: Could not retrieve providers for locking");
      expect(more.stderr).toMatch(/is not available for\s+darwin_arm64/);
      expect(more.stderr).toContain("A mirror must hold the provider for every --platform");
      expect(await readFile(project.path("providers/locks/central.terraform.lock.hcl"), "utf8")).toBe(lock);

      // init copies the committed lock in and installs the package whose checksum it records.
      const env = { ...project.env, TF_CLI_CONFIG_FILE: await mirrorConfig(project, mirror) };
      const central = (await readManifest(project.path("cdktf.out"))).find((s) => s.name === "central")!;
      const config = await readStackConfig(central.configFile);
      const notes: string[] = [];
      await initStack(project.dir, central, config, env, (t) => notes.push(t));
      expect(notes).toEqual([]);
      expect(await readFile(join(central.dir, ".terraform.lock.hcl"), "utf8")).toBe(lock);

      // A package that no longer matches the committed checksum is refused.
      await writeFile(
        join(
          mirror,
          "registry.terraform.io/vmware/vsphere/2.15.0/linux_amd64/terraform-provider-vsphere_v2.15.0_x5",
        ),
        "#!/bin/sh\nexit 2\n",
      );
      await rm(join(central.dir, ".terraform"), { recursive: true });
      const failure = await initStack(project.dir, central, config, env, () => {}).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(StackFailure);
      expect((failure as StackFailure).fatal).toBe(true);
      expect((failure as StackFailure).message).toMatch(
        /^terraform init could not install the vSphere provider/,
      );
      expect((failure as StackFailure).message).toMatch(/doesn't match any of the\s+checksums/);
      expect((failure as StackFailure).message).toContain("Put the locked\nbuild in the mirror");
    });

    it("stops with a clear message naming the vSphere provider and the mirror option when it cannot be installed", async () => {
      const empty = project.path("empty-mirror");
      await mkdir(empty);
      const env = { TF_CLI_CONFIG_FILE: await mirrorConfig(project, empty) };
      const r = await project.run(plan, ["--skip-synth"], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("[1/5] central: FAILED");
      expect(r.stderr).toContain(
        "terraform init could not install the vSphere provider (vmware/vsphere 2.15.0).",
      );
      expect(r.stderr).toContain("provider registry.terraform.io/vmware/vsphere was not found");
      expect(r.stderr).toContain('provider_installation { filesystem_mirror { path = "/path/to/mirror" } }');
      expect(r.stderr).toContain(`TF_CLI_CONFIG_FILE is ${env.TF_CLI_CONFIG_FILE}.`);
      expect(r.stderr).toContain("irvn providers lock --fs-mirror");
      expect(r.stderr).toMatch(/network: not run: it depends on central/);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    });

    it("tells the user to install terraform when it is missing or too old", async () => {
      const bin = await mkdtemp(join(tmpdir(), "irvn-fake-terraform-"));
      try {
        const missing = await project.run(plan, ["--skip-synth"], { PATH: bin });
        expect(missing.code).toBe(1);
        expect(missing.stderr).toBe(
          "irvn plan: terraform was not found on the PATH. Install Terraform 1.5 or newer " +
            "(a single binary from the Terraform releases page or your package manager) and put it on the PATH.\n",
        );

        await writeFile(join(bin, "terraform"), `#!/bin/sh\necho '{"terraform_version":"1.4.7"}'\n`);
        await chmod(join(bin, "terraform"), 0o755);
        const old = await project.run(plan, ["--skip-synth"], { PATH: `${bin}:/usr/bin:/bin` });
        expect(old.code).toBe(1);
        expect(old.stderr).toContain("irvn plan: terraform 1.4.7 is too old: irvn needs 1.5.0 or newer.");
      } finally {
        await rm(bin, { recursive: true, force: true });
      }
    });
  },
);

describe.skipIf(skipBecause("irvn plan on the reference configuration", terraformMissing()))(
  "irvn plan on the reference configuration without provider access",
  () => {
    it("synthesizes, then stops at init with the mirror advice and no stack trace", async () => {
      // Only a temporary project directory is needed; the stacks come from the reference config.
      const project = await fixtureProject("basic");
      try {
        await mkdir(project.path("empty-mirror"));
        const env = { TF_CLI_CONFIG_FILE: await mirrorConfig(project, project.path("empty-mirror")) };
        const r = await project.run(plan, ["--config", join(ROOT, "config"), "--out", "reference.out"], env);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/^\[1\/\d+\] central: FAILED/m);
        expect(r.stderr).toContain(
          "terraform init could not install the vSphere provider (vmware/vsphere 2.15.0).",
        );
        expect(r.stderr).toContain("TF_CLI_CONFIG_FILE");
        expect(r.stderr).toContain("filesystem_mirror");
        expect(r.stderr).not.toMatch(/^\s+at /m);
        expect(r.stderr).not.toContain("internal error");
      } finally {
        await project.remove();
      }
    });

    it("plans the environment at a migration wave with --at, and refuses an unknown wave as a usage error", async () => {
      const project = await fixtureProject("basic");
      try {
        await mkdir(project.path("empty-mirror"));
        const env = { TF_CLI_CONFIG_FILE: await mirrorConfig(project, project.path("empty-mirror")) };
        const config = join(ROOT, "config");
        const r = await project.run(
          plan,
          ["--config", config, "--out", "wave.out", "--at", "start-2015"],
          env,
        );
        expect(r.code).toBe(1); // stops at init: no provider here
        const manifest = JSON.parse(await readFile(project.path("wave.out", "manifest.json"), "utf8")) as {
          stacks: Record<string, unknown>;
        };
        // Wijchen joins in December 2016; at start-2015 nobody has workplaces in the centre yet
        expect(
          Object.keys(manifest.stacks).filter((s) => s.includes("wijchen") || s.startsWith("workplace-")),
        ).toEqual([]);
        expect(Object.keys(manifest.stacks)).toContain("network-druten");

        const unknown = await project.run(
          plan,
          ["--config", config, "--out", "wave.out", "--at", "no-such-wave"],
          env,
        );
        expect(unknown.code).toBe(2);
        expect(unknown.stderr).toMatch(/no-such-wave/);
        // usage errors reach the CLI's handler as UsageError (exit 2 there)
        await expect(project.run(plan, ["--skip-synth", "--at", "start-2015"], env)).rejects.toThrow(
          "--at synthesizes that point in time; it cannot go with --skip-synth",
        );
      } finally {
        await project.remove();
      }
    });
  },
);
