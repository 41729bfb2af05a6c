// `irvn apply`: applies the plans that `irvn plan` saved, after checking all of them, one stack at
// a time in dependency order, and stops at the first failure.
import { parseOptions } from "../args.ts";
import { type Command, type CommandIo, EXIT } from "../io.ts";
import * as terraform from "../terraform/commands.ts";
import {
  DEFAULT_OUT_DIR,
  loadStacks,
  positiveInteger,
  preflight,
  stackBlock,
} from "../terraform/command-support.ts";
import { explainFailure } from "../terraform/failures.ts";
import { PROTECTED_TYPES, protectedDestroys, unapprovedDestroys } from "../terraform/guardrails.ts";
import { tenantsOf, type Stack } from "../terraform/manifest.ts";
import { describeCounts } from "../terraform/plan-report.ts";
import { summarizePlan, type StackPlanSummary } from "../terraform/plan-summary.ts";
import {
  checkSavedPlan,
  DEFAULT_MAX_PLAN_AGE_MINUTES,
  discardSavedPlan,
  latestPlanRun,
  PLANS_DIR,
  stacksWithSavedPlans,
  type SavedPlan,
} from "../terraform/saved-plans.ts";
import { planSecrets, secretMask, type Mask } from "../terraform/secrets.ts";
import { readStackConfig, type StackConfig } from "../terraform/stack-config.ts";
import { restrictLocalStateFiles } from "../terraform/local-state.ts";
import { initStack } from "../terraform/stack-init.ts";

const HELP = `usage: irvn apply [--stack GLOB…] [--allow-destroy ADDRESS…] [--max-plan-age MINUTES] [--out DIR]

Applies the plans the latest \`irvn plan\` saved in ${PLANS_DIR}/, one stack at a time, dependencies
first: those of the stacks --stack names, else all of them. Every plan is checked before anything
is applied; apply refuses them all when
  - a stack named with --stack has no saved plan, or a plan was made from another stack
    configuration than the one in the output directory now (its cdk.tf.json changed since), or
  - a plan is older than --max-plan-age, or
  - a plan destroys or replaces a protected resource that --allow-destroy does not name:
    ${[...PROTECTED_TYPES].join(", ")},
    and resources their stack marks protected (lifecycle.prevent_destroy, or "//": {"irvn":
    {"protected": true}} in the synthesized JSON).
It stops at the first stack that fails and reports which stacks were applied and which not.

options:
  --stack GLOB              apply only the stacks whose names match (repeatable)
  --allow-destroy ADDRESS   allow destroying or replacing this protected resource (repeatable;
                            the full address, e.g. 'vsphere_distributed_port_group.pg["druten/werkplek"]')
  --max-plan-age MINUTES    refuse plans older than this (default ${DEFAULT_MAX_PLAN_AGE_MINUTES})
  --out DIR                 the cdktf output directory the plans were made from (default ${DEFAULT_OUT_DIR})

Credentials come from the environment only, as for \`irvn plan\`.

Exit codes: 0 applied (or nothing to apply), 1 refused or a stack failed, 2 usage error.
`;

interface Approved {
  readonly stack: Stack;
  readonly plan: SavedPlan;
  readonly summary: StackPlanSummary;
  readonly config: StackConfig;
  /** Also masks the values this stack's plan marks sensitive. */
  readonly mask: Mask;
}

export const apply: Command = async (argv, io) => {
  const { values } = parseOptions(argv, {
    stack: { type: "string", multiple: true },
    "allow-destroy": { type: "string", multiple: true },
    "max-plan-age": { type: "string" },
    out: { type: "string", default: DEFAULT_OUT_DIR },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const maxAgeMinutes =
    values["max-plan-age"] === undefined
      ? DEFAULT_MAX_PLAN_AGE_MINUTES
      : positiveInteger("--max-plan-age", values["max-plan-age"]);
  const allowed = new Set(values["allow-destroy"] ?? []);

  if ((await preflight(io, "apply")) === undefined) return EXIT.error;
  const stacks = await loadStacks(io, "apply", values.out, values.stack ?? []);
  if (stacks === undefined) return EXIT.error;
  const mask = secretMask(io.env);

  // Named stacks must all have a plan; otherwise the stacks the latest `irvn plan` planned.
  const run = await latestPlanRun(io.cwd);
  const withPlans = new Set(stacksWithSavedPlans(io.cwd, stacks.all).map((s) => s.name));
  const candidates = values.stack ? stacks.selected : stacks.selected.filter((s) => withPlans.has(s.name));
  if (!values.stack && (run === undefined || candidates.length === 0)) {
    // as terraform applies an empty plan: nothing planned is nothing to do, not a failure
    io.stdout(
      `irvn apply: nothing to apply: ${PLANS_DIR}/ holds no saved plan (\`irvn plan\` saves them).\n`,
    );
    return EXIT.ok;
  }
  if (run === undefined) {
    io.stderr(`irvn apply: no saved plans in ${PLANS_DIR}/: run \`irvn plan\` first.\n`);
    return EXIT.error;
  }
  const unplanned = stacks.selected.filter((s) => !candidates.includes(s)).map((s) => s.name);
  if (unplanned.length > 0)
    io.stderr(`irvn apply: note: not in the latest plan, left alone: ${unplanned.join(", ")}\n`);

  // Every check before the first apply: a refused run changes nothing.
  const problems: string[] = [];
  // a dependency the latest plan covered whose plan is gone (removed, or the plan failed): its
  // dependents were planned on top of changes that would not be applied
  for (const stack of candidates) {
    for (const dep of stack.dependencies.filter((d) => run.has(d) && !withPlans.has(d))) {
      problems.push(
        `${stack.name}: it depends on ${dep}, which the latest plan covered but whose saved plan is gone. Run \`irvn plan\` again.`,
      );
    }
  }
  const saved: { stack: Stack; plan: SavedPlan }[] = [];
  const now = new Date();
  for (const stack of candidates) {
    const checked = await checkSavedPlan(io.cwd, stack, { maxAgeMinutes, now });
    if (checked.ok) saved.push({ stack, plan: checked.plan });
    else problems.push(`${stack.name}: ${checked.problem}`);
  }
  if (problems.length > 0) return refuse(io, problems);

  const tenants = tenantsOf(stacks.all);
  const approved: Approved[] = [];
  for (const { stack, plan } of saved.filter((s) => s.plan.record.changes)) {
    try {
      const config = await readStackConfig(stack.configFile);
      await initStack(io.cwd, stack, config, io.env, () => {});
      const planJson = await terraform.showPlan({ cwd: stack.dir, env: io.env }, { planFile: plan.planFile });
      const summary = summarizePlan(stack.name, planJson, config, tenants);
      for (const c of unapprovedDestroys(summary, allowed)) {
        problems.push(
          `${stack.name}: the plan would ${c.kind === "destroy" ? "destroy" : "replace"} the protected resource ` +
            `${c.address}; if that is intended, add --allow-destroy '${c.address}'`,
        );
      }
      approved.push({ stack, plan, summary, config, mask: secretMask(io.env, planSecrets(planJson)) });
    } catch (err) {
      const failure = explainFailure(err, stack.name, stack.dir);
      problems.push(`${stack.name}: ${mask(failure.message)}`);
      // Every other stack would fail the same way: one message is enough.
      if (failure.fatal) break;
    }
  }
  if (problems.length > 0) return refuse(io, problems);
  const guarded = new Set(approved.flatMap((a) => protectedDestroys(a.summary).map((c) => c.address)));
  for (const address of allowed) {
    if (!guarded.has(address)) {
      io.stderr(
        `irvn apply: note: --allow-destroy ${address} names no planned destroy or replace of a protected resource\n`,
      );
    }
  }

  const unchanged = saved.filter((s) => !s.plan.record.changes).map((s) => s.stack.name);
  const applied: string[] = [];
  for (const [i, { stack, plan, summary, config, mask: stackMask }] of approved.entries()) {
    const progress = `[${i + 1}/${approved.length}] ${stack.name}`;
    const started = performance.now();
    const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
    try {
      const output = await terraform.apply({ cwd: stack.dir, env: io.env }, { planFile: plan.planFile });
      await restrictLocalStateFiles(stack.dir, config);
      await discardSavedPlan(io.cwd, stack.name);
      applied.push(stack.name);
      io.stdout(
        stackBlock(
          `${progress}: applied, ${describeCounts(summary.totals)} (${seconds()} s)`,
          stackMask(output.stdout),
        ),
      );
    } catch (err) {
      const failure = explainFailure(err, stack.name, stack.dir);
      io.stderr(stackBlock(`${progress}: FAILED (${seconds()} s)`, stackMask(failure.message)));
      const notApplied = approved.slice(i + 1).map((a) => a.stack.name);
      io.stderr(
        [
          `\nirvn apply: stopped at ${stack.name}.`,
          `  applied:     ${applied.join(", ") || "none"}`,
          `  failed:      ${stack.name}`,
          `  not applied: ${notApplied.join(", ") || "none"}`,
          ...(unchanged.length > 0 ? [`  unchanged:   ${unchanged.join(", ")}`] : []),
          "",
        ].join("\n"),
      );
      return EXIT.error;
    }
  }
  io.stdout(
    `\nirvn apply: applied ${applied.length} stack(s)` +
      (applied.length > 0 ? `: ${applied.join(", ")}` : "") +
      (unchanged.length > 0 ? `; no changes in ${unchanged.join(", ")}` : "") +
      ".\n",
  );
  return EXIT.ok;
};

function refuse(io: CommandIo, problems: readonly string[]): number {
  const items = problems.map((p) => `  - ${p.replaceAll("\n", "\n    ")}\n`);
  io.stderr(`irvn apply: refused, nothing was applied:\n${items.join("")}`);
  return EXIT.error;
}
