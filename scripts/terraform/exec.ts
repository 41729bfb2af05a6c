// The one place that starts terraform: arguments as an array, an explicit working directory, the
// environment passed in whole (so tests and pipelines control it) plus the settings automation needs.
import { existsSync } from "node:fs";
import { execa } from "execa";
import { withCleanup } from "../cleanup.ts";

export type Env = Readonly<Record<string, string | undefined>>;

/** Where and with what environment a terraform command runs. */
export interface TerraformContext {
  readonly cwd: string;
  readonly env: Env;
}

export interface TerraformOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** terraform ran and exited with a code the caller did not expect, or was killed by a signal. */
export class TerraformError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly cwd: string,
    readonly exitCode: number | undefined,
    readonly stderr: string,
    readonly stdout: string,
    readonly signal?: string,
  ) {
    super(
      signal === undefined
        ? `terraform ${args.join(" ")} exited with ${exitCode ?? "an unknown status"} in ${cwd}`
        : `terraform ${args.join(" ")} was killed by ${signal} in ${cwd} (out of memory, or stopped by another program): run it again`,
    );
    this.name = "TerraformError";
  }
}

/** terraform is not on the PATH at all. */
export class TerraformNotFoundError extends Error {
  constructor() {
    super(
      "terraform was not found on the PATH. Install Terraform 1.5 or newer " +
        "(a single binary from the Terraform releases page or your package manager) and put it on the PATH.",
    );
    this.name = "TerraformNotFoundError";
  }
}

/**
 * No update check (CHECKPOINT_DISABLE), no prompts (TF_INPUT), and output that does not suggest
 * follow-up terraform commands to run by hand (TF_IN_AUTOMATION): irvn runs them.
 */
export function terraformEnv(env: Env): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) result[name] = value;
  return { ...result, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };
}

/**
 * Runs terraform; exit codes in `okExitCodes` return, anything else throws a TerraformError. If
 * this run is interrupted meanwhile, terraform is let finish what it is doing: Ctrl-C reached it
 * through the terminal already, another signal is passed on as its interrupt (terraform stops
 * gracefully on the first, and at once, state lock and all, on a second).
 */
export async function runTerraform(
  args: readonly string[],
  context: TerraformContext,
  okExitCodes: readonly number[] = [0],
): Promise<TerraformOutput> {
  const child = execa("terraform", args, {
    cwd: context.cwd,
    env: terraformEnv(context.env),
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    // `show -json` of a plan with thousands of VMs runs to tens of megabytes.
    maxBuffer: 1024 * 1024 * 1024,
  });
  const letFinish = async (signal?: NodeJS.Signals) => {
    if (signal !== undefined && signal !== "SIGINT") child.kill("SIGINT");
    await child;
  };
  const result = await withCleanup(letFinish, async () => child);
  if (
    result.exitCode === undefined &&
    result.signal === undefined &&
    (result.cause as NodeJS.ErrnoException | undefined)?.code === "ENOENT"
  ) {
    // spawn says ENOENT for a missing working directory too.
    if (!existsSync(context.cwd)) {
      throw Object.assign(new Error(`ENOENT: ${context.cwd}`), {
        code: "ENOENT",
        syscall: "chdir",
        path: context.cwd,
      });
    }
    throw new TerraformNotFoundError();
  }
  const output = { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
  if (result.exitCode === undefined || !okExitCodes.includes(result.exitCode)) {
    throw new TerraformError(args, context.cwd, result.exitCode, output.stderr, output.stdout, result.signal);
  }
  return output;
}
