// Shared by the terraform integration tests: fixture copies in temporary project directories,
// commands run in-process with captured output, and detection of terraform and PostgreSQL.
import { execaSync } from "execa";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "../../scripts/io.ts";
import { isAtLeast, MIN_TERRAFORM_VERSION } from "../../scripts/terraform/preflight.ts";

export const ROOT = join(import.meta.dirname, "..", "..");
export const FIXTURES = join(ROOT, "test", "fixtures", "terraform");

/** A fake credential: the tests check that it never appears in output or summaries. */
export const FIXTURE_PASSWORD = "fixture-Pa55word-not-real";

/** Why terraform-backed tests cannot run here, or undefined when they can. */
export function terraformMissing(): string | undefined {
  try {
    const { stdout } = execaSync("terraform", ["version", "-json"], { env: { CHECKPOINT_DISABLE: "1" } });
    const version = (JSON.parse(stdout) as { terraform_version: string }).terraform_version;
    return isAtLeast(version, MIN_TERRAFORM_VERSION) ? undefined : `terraform ${version} is older than 1.5`;
  } catch {
    return "terraform is not on the PATH";
  }
}

/** Prints the SKIPPED line vitest's summary would not explain; returns whether to skip. */
export function skipBecause(what: string, reason: string | undefined): boolean {
  if (reason !== undefined) console.log(`SKIPPED: ${what}: ${reason}`);
  return reason !== undefined;
}

/** A temporary project directory with the fixture as its cdktf.out/. */
export async function fixtureProject(fixture: string): Promise<Project> {
  const dir = await mkdtemp(join(tmpdir(), `irvn-tf-${fixture}-`));
  await cp(join(FIXTURES, fixture), join(dir, "cdktf.out"), { recursive: true });
  return new Project(dir);
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Each stdout write separately: a stack's block must arrive in one write. */
  readonly stdoutWrites: readonly string[];
}

export class Project {
  readonly env: Record<string, string | undefined>;

  constructor(readonly dir: string) {
    this.env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_VAR_vsphere_password: FIXTURE_PASSWORD };
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  stackFile(stack: string): string {
    return this.path("cdktf.out", "stacks", stack, "cdk.tf.json");
  }

  async run(
    command: Command,
    argv: string[],
    env: Record<string, string | undefined> = {},
  ): Promise<RunResult> {
    const stdoutWrites: string[] = [];
    let stderr = "";
    const code = await command(argv, {
      cwd: this.dir,
      env: { ...this.env, ...env },
      stdout: (text) => void stdoutWrites.push(text),
      stderr: (text) => void (stderr += text),
    });
    return { code, stdout: stdoutWrites.join(""), stderr, stdoutWrites };
  }

  /** Edits a stack's synthesized JSON as a new synth would. */
  async editStack(stack: string, edit: (json: StackJson) => void): Promise<void> {
    const json = JSON.parse(await readFile(this.stackFile(stack), "utf8")) as StackJson;
    edit(json);
    await writeFile(this.stackFile(stack), JSON.stringify(json, null, 2) + "\n");
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

export interface StackJson {
  terraform?: Record<string, unknown>;
  resource: {
    terraform_data: Record<
      string,
      { for_each?: Record<string, unknown>; input?: unknown; provisioner?: unknown }
    >;
  };
}
