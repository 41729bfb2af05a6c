// The one place that starts terraform: arguments as an array, an explicit working directory, the
// environment passed in whole (so tests and pipelines control it) plus the settings automation needs.
import { existsSync } from "node:fs";
import { execa } from "execa";

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

/** terraform ran and exited with a code the caller did not expect. */
export class TerraformError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly cwd: string,
    readonly exitCode: number | undefined,
    readonly stderr: string,
    readonly stdout: string,
  ) {
    super(`terraform ${args.join(" ")} exited with ${exitCode ?? "a signal"} in ${cwd}`);
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

/** Runs terraform; exit codes in `okExitCodes` return, anything else throws a TerraformError. */
export async function runTerraform(
  args: readonly string[],
  context: TerraformContext,
  okExitCodes: readonly number[] = [0],
): Promise<TerraformOutput> {
  const result = await execa("terraform", args, {
    cwd: context.cwd,
    env: terraformEnv(context.env),
    extendEnv: false,
    reject: false,
    stdin: "ignore",
    // `show -json` of a plan with thousands of VMs runs to tens of megabytes.
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (
    result.exitCode === undefined &&
    (result.cause as NodeJS.ErrnoException | undefined)?.code === "ENOENT"
  ) {
    // spawn says ENOENT for a missing working directory too.
    if (!existsSync(context.cwd)) throw new Error(`working directory ${context.cwd} does not exist`);
    throw new TerraformNotFoundError();
  }
  const output = { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
  if (result.exitCode === undefined || !okExitCodes.includes(result.exitCode)) {
    throw new TerraformError(args, context.cwd, result.exitCode, output.stderr, output.stdout);
  }
  return output;
}
