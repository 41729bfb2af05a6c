// One small function per terraform command. The argument builders are exported on their own so
// that a table of inputs and expected argument lists can test them without running terraform.
import { runTerraform, type TerraformContext, type TerraformOutput } from "./exec.ts";
import type { PlanJson } from "./plan-json.ts";

export function versionArgs(): string[] {
  return ["version", "-json"];
}

/** With a committed lock file, init must not change it: a mismatch is an error, not an update. */
export function initArgs(options: { lockfileReadonly: boolean }): string[] {
  return ["init", "-input=false", "-no-color", ...(options.lockfileReadonly ? ["-lockfile=readonly"] : [])];
}

export function planArgs(options: { planFile: string }): string[] {
  return ["plan", "-input=false", "-no-color", "-detailed-exitcode", `-out=${options.planFile}`];
}

export function showPlanArgs(options: { planFile: string }): string[] {
  return ["show", "-json", "-no-color", options.planFile];
}

/** A saved plan applies without a prompt; terraform refuses it when the state moved on since. */
export function applyArgs(options: { planFile: string }): string[] {
  return ["apply", "-input=false", "-no-color", options.planFile];
}

export interface ProvidersLockOptions {
  readonly platforms: readonly string[];
  readonly fsMirror?: string;
  readonly netMirror?: string;
}

export function providersLockArgs(options: ProvidersLockOptions): string[] {
  return [
    "providers",
    "lock",
    "-no-color",
    ...(options.fsMirror === undefined ? [] : [`-fs-mirror=${options.fsMirror}`]),
    ...(options.netMirror === undefined ? [] : [`-net-mirror=${options.netMirror}`]),
    ...options.platforms.map((platform) => `-platform=${platform}`),
  ];
}

/** The version terraform reports of itself, e.g. "1.11.4". */
export async function terraformVersion(context: TerraformContext): Promise<string> {
  const { stdout } = await runTerraform(versionArgs(), context);
  const version = (JSON.parse(stdout) as { terraform_version?: unknown }).terraform_version;
  if (typeof version !== "string") throw new Error(`terraform version -json gave no version: ${stdout}`);
  return version;
}

export async function init(
  context: TerraformContext,
  options: { lockfileReadonly: boolean },
): Promise<TerraformOutput> {
  return runTerraform(initArgs(options), context);
}

/** Plans into `planFile`; `changes` from -detailed-exitcode (0 none, 2 some, anything else an error). */
export async function plan(
  context: TerraformContext,
  options: { planFile: string },
): Promise<TerraformOutput & { changes: boolean }> {
  const output = await runTerraform(planArgs(options), context, [0, 2]);
  return { ...output, changes: output.exitCode === 2 };
}

/** The machine-readable plan. It holds variable values in clear: never write it out or print it. */
export async function showPlan(context: TerraformContext, options: { planFile: string }): Promise<PlanJson> {
  const { stdout } = await runTerraform(showPlanArgs(options), context);
  return JSON.parse(stdout) as PlanJson;
}

export async function apply(
  context: TerraformContext,
  options: { planFile: string },
): Promise<TerraformOutput> {
  return runTerraform(applyArgs(options), context);
}

export async function providersLock(
  context: TerraformContext,
  options: ProvidersLockOptions,
): Promise<TerraformOutput> {
  return runTerraform(providersLockArgs(options), context);
}
