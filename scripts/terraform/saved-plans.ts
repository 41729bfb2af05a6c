// Saved plans between `irvn plan` and `irvn apply`: .irvn/plans/<stack>.tfplan and, beside it,
// <stack>.json recording what the plan was made from, so that apply can refuse a plan whose stack
// configuration changed since or that is too old. Plan files hold variable values in clear, so
// the directory is private to the user (0700) and a pipeline must keep them as protected,
// short-lived artefacts.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { Stack } from "./manifest.ts";

export const PLANS_DIR = ".irvn/plans";

/** Used when `irvn apply` is not given --max-plan-age. */
export const DEFAULT_MAX_PLAN_AGE_MINUTES = 120;

export interface PlanRecord {
  readonly version: 1;
  readonly stack: string;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  /** The stack's cdk.tf.json, relative to the project directory, with forward slashes. */
  readonly stackConfig: string;
  readonly stackConfigSha256: string;
  readonly planSha256: string;
  readonly changes: boolean;
}

export interface SavedPlan {
  readonly planFile: string;
  readonly record: PlanRecord;
}

export function planFileOf(projectDir: string, stack: string): string {
  return join(projectDir, PLANS_DIR, `${stack}.tfplan`);
}

function recordFileOf(projectDir: string, stack: string): string {
  return join(projectDir, PLANS_DIR, `${stack}.json`);
}

export async function sha256File(file: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(file))
    .digest("hex");
}

/** Which stacks the latest `irvn plan` set out to plan, beside their plans. */
const RUN_FILE = "run.json";

/**
 * Starts a plan run: the plans directory (private) is emptied, so that it holds exactly the plans
 * of the latest `irvn plan` and `irvn apply` never picks up a leftover from an earlier run, and
 * the stacks this run plans are recorded: apply can then tell a plan that failed or was removed
 * from one that was never made.
 */
export async function startPlanRun(projectDir: string, stacks: readonly Stack[]): Promise<void> {
  const dir = join(projectDir, PLANS_DIR);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const run = { version: 1, stacks: stacks.map((s) => s.name) };
  await writeFile(join(dir, RUN_FILE), JSON.stringify(run, null, 2) + "\n", { mode: 0o600 });
}

/** The stacks the latest `irvn plan` set out to plan; undefined when no plan run is recorded. */
export async function latestPlanRun(projectDir: string): Promise<ReadonlySet<string> | undefined> {
  try {
    const run = JSON.parse(await readFile(join(projectDir, PLANS_DIR, RUN_FILE), "utf8")) as unknown;
    const stacks = (run as { stacks?: unknown } | null)?.stacks;
    if (Array.isArray(stacks) && stacks.every((s) => typeof s === "string")) return new Set(stacks);
  } catch {
    // no run recorded, or not one irvn wrote: as if nothing was planned
  }
  return undefined;
}

/** The stacks among `stacks` that have a saved plan. */
export function stacksWithSavedPlans(projectDir: string, stacks: readonly Stack[]): Stack[] {
  return stacks.filter((s) => existsSync(recordFileOf(projectDir, s.name)));
}

export async function recordSavedPlan(
  projectDir: string,
  stack: Stack,
  changes: boolean,
  now: Date,
): Promise<PlanRecord> {
  const planFile = planFileOf(projectDir, stack.name);
  await chmod(planFile, 0o600);
  const record: PlanRecord = {
    version: 1,
    stack: stack.name,
    createdAt: now.toISOString(),
    stackConfig: projectPath(projectDir, stack.configFile),
    stackConfigSha256: await sha256File(stack.configFile),
    planSha256: await sha256File(planFile),
    changes,
  };
  await writeFile(recordFileOf(projectDir, stack.name), JSON.stringify(record, null, 2) + "\n", {
    mode: 0o600,
  });
  return record;
}

export async function discardSavedPlan(projectDir: string, stack: string): Promise<void> {
  await rm(planFileOf(projectDir, stack), { force: true });
  await rm(recordFileOf(projectDir, stack), { force: true });
}

/**
 * The stack's saved plan if it may still be applied, else a problem saying why not and what to do.
 */
export async function checkSavedPlan(
  projectDir: string,
  stack: Stack,
  options: { maxAgeMinutes: number; now: Date },
): Promise<{ ok: true; plan: SavedPlan } | { ok: false; problem: string }> {
  const planFile = planFileOf(projectDir, stack.name);
  const replan = "Run `irvn plan` again and review it.";
  let text: string;
  try {
    text = await readFile(recordFileOf(projectDir, stack.name), "utf8");
    await stat(planFile);
  } catch {
    return {
      ok: false,
      problem: `no saved plan (${PLANS_DIR}/${stack.name}.tfplan): run \`irvn plan\` first.`,
    };
  }
  const record = parsed(text);
  if (!isPlanRecord(record) || record.stack !== stack.name) {
    return {
      ok: false,
      problem: `the plan record ${PLANS_DIR}/${stack.name}.json is not one irvn wrote. ${replan}`,
    };
  }
  if ((await sha256File(planFile)) !== record.planSha256) {
    return { ok: false, problem: `the plan file changed after \`irvn plan\` wrote it. ${replan}` };
  }
  if (record.stackConfig !== projectPath(projectDir, stack.configFile)) {
    return {
      ok: false,
      problem: `the plan was made from ${record.stackConfig}, not from this output directory. ${replan}`,
    };
  }
  if ((await sha256File(stack.configFile)) !== record.stackConfigSha256) {
    return {
      ok: false,
      problem: `the stack configuration (${record.stackConfig}) changed since the plan. ${replan}`,
    };
  }
  const ageMinutes = (options.now.getTime() - Date.parse(record.createdAt)) / 60_000;
  if (!(ageMinutes <= options.maxAgeMinutes)) {
    return {
      ok: false,
      problem:
        `the plan is ${Math.floor(ageMinutes)} minutes old, older than the limit of ${options.maxAgeMinutes} ` +
        `(--max-plan-age). ${replan}`,
    };
  }
  return { ok: true, plan: { planFile, record } };
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A record as recordSavedPlan writes it: an edited or damaged one (null, a bad date) is refused. */
function isPlanRecord(record: unknown): record is PlanRecord {
  const r = record as Partial<PlanRecord> | null;
  return (
    typeof r === "object" &&
    r !== null &&
    r.version === 1 &&
    typeof r.stack === "string" &&
    typeof r.createdAt === "string" &&
    !Number.isNaN(Date.parse(r.createdAt)) &&
    typeof r.stackConfig === "string" &&
    typeof r.stackConfigSha256 === "string" &&
    typeof r.planSha256 === "string" &&
    typeof r.changes === "boolean"
  );
}

function projectPath(projectDir: string, file: string): string {
  return relative(projectDir, file).split(sep).join("/");
}
