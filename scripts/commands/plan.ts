// `irvn plan`: synthesize, then init, plan and summarise every selected stack, dependencies first
// and independent stacks side by side. The plans are saved for `irvn apply`.
import { readFileSync } from "node:fs";
import { atProblem } from "../../stacks/model/index.ts";
import { parseOptions } from "../args.ts";
import { GitError } from "../diff/git.ts";
import { SynthFailed } from "../diff/sides.ts";
import { type Command, type CommandIo, EXIT, UsageError } from "../io.ts";
import { baseFromOutDir, baseFromRef, type BaseStacks, headSide } from "../terraform/base-stacks.ts";
import { describeSelection, selectChanged } from "../terraform/changed-stacks.ts";
import * as terraform from "../terraform/commands.ts";
import {
  checkSynthOutDir,
  DEFAULT_CONFIG_DIR,
  DEFAULT_OUT_DIR,
  loadStacks,
  positiveInteger,
  preflight,
  stackBlock,
  synthesizeFirst,
  writeOutputFile,
} from "../terraform/command-support.ts";
import { explainFailure } from "../terraform/failures.ts";
import { ManifestError, tenantsOf } from "../terraform/manifest.ts";
import {
  buildReport,
  describeCounts,
  hasChanges,
  renderJson,
  renderMarkdown,
  type PlanReport,
  type StackResult,
} from "../terraform/plan-report.ts";
import { summarizePlan, type StackPlanSummary } from "../terraform/plan-summary.ts";
import { planFileOf, recordSavedPlan, PLANS_DIR, startPlanRun } from "../terraform/saved-plans.ts";
import { runInDependencyOrder, type StackOutcome } from "../terraform/scheduler.ts";
import { planSecrets, secretMask } from "../terraform/secrets.ts";
import { lookupsOf, waitReasons } from "../terraform/lookups.ts";
import type { Stack } from "../terraform/manifest.ts";
import { readStackConfig, type StackConfig } from "../terraform/stack-config.ts";
import { initStack } from "../terraform/stack-init.ts";

const DEFAULT_PARALLEL = 4;

const HELP = `usage: irvn plan [--at WAVE|YYYY-MM-DD] [--stack GLOB…] [--changed --base REF|--base-out DIR]
                 [--list] [--parallel N] [--skip-synth] [--out DIR] [--config DIR]
                 [--summary-md FILE] [--summary-json FILE]

Synthesizes the configuration (at --at, or the target), then for every stack in DIR/manifest.json, dependencies first and
up to N independent stacks at a time: terraform init, terraform plan into ${PLANS_DIR}/<stack>.tfplan
(what \`irvn apply\` applies) and a summary of the changes by resource type and municipality.
A stack's output is printed in one piece, under one progress line, when the stack finishes.
The plans of an earlier run are removed first: ${PLANS_DIR}/ holds this run's plans only.

A staged rollout: a stack that looks up by name what a stack above it plans to create, replace or
rename (or reads its changed outputs) is not planned but waits, and says for which stack: run
\`irvn apply\`, then \`irvn plan\` again, until it exits 0.

options:
  --at WAVE|DATE        plan the environment as it stands after that migration wave or on that
                        date (what \`irvn synth --at\` writes), not the target: a wave's runbook
                        plans its own wave, so the plan shows exactly that wave's changes
  --stack GLOB          plan only the stacks whose names match (repeatable), e.g. 'workplace-*'
  --changed             plan only the stacks whose synthesized Terraform JSON or committed provider
                        lock file differs from the base's, the stacks new since the base, and the
                        stacks that depend on them; says why each is planned or not
  --base REF            with --changed: the git ref to compare with, synthesized by its own code
                        in a temporary checkout (at the same --at), e.g. --base origin/main
  --base-out DIR        with --changed: compare with an output directory synthesized from the base
                        earlier (e.g. the main branch pipeline's artefact); provider locks are then
                        not compared
  --list                print the names of the stacks that would be planned, one per line in
                        dependency order (with --changed, why goes to stderr), and plan nothing:
                        for a pipeline that runs a job per stack
  --parallel N          how many stacks to plan at the same time (default ${DEFAULT_PARALLEL})
  --skip-synth          plan the output directory as it is, without synthesizing first
  --out DIR             the cdktf output directory (default ${DEFAULT_OUT_DIR})
  --config DIR          the configuration directory (default ${DEFAULT_CONFIG_DIR})
  --summary-md FILE     write the summary as Markdown, for a merge-request comment
  --summary-json FILE   write the summary as JSON

Credentials come from the environment only: PG_CONN_STR, AWS_*, TF_HTTP_USERNAME and
TF_HTTP_PASSWORD for the state backend, TF_VAR_vsphere_user and TF_VAR_vsphere_password for
vCenter. TF_CLI_CONFIG_FILE can point terraform at a provider mirror.

Exit codes: 0 no changes, 2 changes planned or stacks waiting, 1 a stack (or synthesis) failed,
2 usage error.
`;

export const plan: Command = async (argv, io) => {
  const { values } = parseOptions(argv, {
    at: { type: "string" },
    stack: { type: "string", multiple: true },
    changed: { type: "boolean" },
    base: { type: "string" },
    "base-out": { type: "string" },
    list: { type: "boolean" },
    parallel: { type: "string" },
    "skip-synth": { type: "boolean" },
    out: { type: "string", default: DEFAULT_OUT_DIR },
    config: { type: "string", default: DEFAULT_CONFIG_DIR },
    "summary-md": { type: "string" },
    "summary-json": { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const parallel =
    values.parallel === undefined ? DEFAULT_PARALLEL : positiveInteger("--parallel", values.parallel);
  const atWrong = values.at === undefined ? undefined : atProblem(values.at);
  if (atWrong) throw new UsageError(atWrong);
  if (values.at !== undefined && values["skip-synth"]) {
    throw new UsageError("--at synthesizes that point in time; it cannot go with --skip-synth");
  }

  const changedBase = changedBaseOption(values);
  if (!values["skip-synth"]) checkSynthOutDir(io, values.config, values.out);
  if (!values.list && (await preflight(io, "plan")) === undefined) return EXIT.error;
  if (!values["skip-synth"]) {
    const synthesized = await synthesizeFirst(io, values.config, values.out, values.at);
    if (synthesized !== "ok") return synthesized === "usage" ? EXIT.usage : EXIT.invalid;
  }
  const loaded = await loadStacks(io, "plan", values.out, values.stack ?? []);
  if (loaded === undefined) return EXIT.error;
  let stacks = loaded;
  let changedSince: PlanReport["changedSince"];
  if (changedBase !== undefined) {
    const base = await readBase(io, changedBase, values.at);
    if (base === undefined) return EXIT.error;
    const selection = selectChanged(loaded.all, base.side, headSide(io.cwd, loaded.all, base.comparesLocks));
    changedSince = { base: base.label, ...selection };
    // with --list, stdout is the list alone, for a pipeline to read
    const { headline, lines } = describeSelection(base.label, selection);
    const locks = base.comparesLocks
      ? ""
      : " (provider lock files not compared: the base is an output directory)";
    (values.list ? io.stderr : io.stdout)(
      `irvn plan --changed: ${headline}${locks}:\n${lines.map((l) => `  ${l}\n`).join("")}\n`,
    );
    const picked = new Set(selection.picked.map((p) => p.stack));
    stacks = { all: loaded.all, selected: loaded.selected.filter((s) => picked.has(s.name)) };
  }
  if (values.list) {
    io.stdout(stacks.selected.map((s) => `${s.name}\n`).join(""));
    return EXIT.ok;
  }

  await startPlanRun(io.cwd, stacks.selected);
  const tenants = tenantsOf(stacks.all);
  const mask = secretMask(io.env);
  const total = stacks.selected.length;
  let finished = 0;
  const lookups = (stack: Stack) =>
    lookupsOf(JSON.parse(readFileSync(stack.configFile, "utf8")) as StackConfig);
  const summaries = new Map<string, StackPlanSummary>();
  /** `waits for central (vsphere_tag created)`: the upstream stacks and what they change. */
  const waitingMessage = (stack: Stack, waitsFor: readonly string[]) => {
    const upstream = waitsFor.map((u) => {
      const reasons = summaries.has(u) ? waitReasons(summaries.get(u)!, lookups(stack)) : [];
      return reasons.length > 0 ? `${u} (${reasons.join(", ")})` : u;
    });
    return `waits for ${upstream.join(", ")}: it looks up what the plan there changes (apply, then plan again)`;
  };

  const onFinish = (outcome: StackOutcome<StackPlanSummary>) => {
    const progress = `[${++finished}/${total}] ${outcome.stack.name}`;
    if (outcome.status === "done") {
      const s = outcome.value;
      summaries.set(outcome.stack.name, s);
      const what = !hasChanges(s)
        ? "no changes"
        : `${describeCounts(s.totals)}${s.outputChanges > 0 ? `, ${s.outputChanges} output(s) changed` : ""}`;
      io.stdout(stackBlock(`${progress}: ${what} (${outcome.seconds.toFixed(1)} s)`, outcome.output));
    } else if (outcome.status === "failed") {
      io.stderr(
        stackBlock(
          `${progress}: FAILED (${outcome.seconds.toFixed(1)} s)`,
          mask(outcome.output + outcome.failure.message),
        ),
      );
    } else if (outcome.status === "waiting") {
      io.stdout(stackBlock(`${progress}: ${waitingMessage(outcome.stack, outcome.waitsFor)}`, ""));
    } else {
      io.stderr(stackBlock(`${progress}: ${outcome.reason}`, ""));
    }
  };

  const outcomes = await runInDependencyOrder(stacks.selected, {
    parallel,
    onFinish,
    // A stack finds what its upstream stacks create by name: planned before they are applied, its
    // lookups would fail or find the old objects. It waits for the next round.
    holdsBack: (upstream, dependent) => waitReasons(upstream, lookups(dependent)).length > 0,
    task: async (stack, log) => {
      const config = await readStackConfig(stack.configFile);
      await initStack(io.cwd, stack, config, io.env, log);
      const context = { cwd: stack.dir, env: io.env };
      const planFile = planFileOf(io.cwd, stack.name);
      try {
        const planned = await terraform.plan(context, { planFile });
        const planJson = await terraform.showPlan(context, { planFile });
        await recordSavedPlan(io.cwd, stack, planned.changes, new Date());
        log(secretMask(io.env, planSecrets(planJson))(planned.stdout));
        return summarizePlan(stack.name, planJson, config, tenants);
      } catch (err) {
        throw explainFailure(err, stack.name, stack.dir);
      }
    },
  });

  const results = outcomes.map((o): StackResult => {
    if (o.status === "done") return { stack: o.stack.name, status: "planned", summary: o.value };
    if (o.status === "failed")
      return { stack: o.stack.name, status: "failed", message: mask(o.failure.message) };
    if (o.status === "waiting")
      return { stack: o.stack.name, status: "waiting", message: waitingMessage(o.stack, o.waitsFor) };
    return { stack: o.stack.name, status: "skipped", message: o.reason };
  });
  const report = buildReport(results, changedSince);
  if (values["summary-md"] !== undefined)
    await writeOutputFile(io, values["summary-md"], renderMarkdown(report));
  if (values["summary-json"] !== undefined)
    await writeOutputFile(io, values["summary-json"], renderJson(report));

  const changed = report.stacks.filter((s) => s.status === "changes").map((s) => s.stack);
  const waiting = report.stacks.filter((s) => s.status === "waiting").map((s) => s.stack);
  const failed = report.stacks
    .filter((s) => s.status === "failed" || s.status === "skipped")
    .map((s) => s.stack);
  const planned = total - failed.length - waiting.length;
  if (total === 0) io.stdout("\nirvn plan: nothing to plan.\n");
  if (planned > 0) {
    io.stdout(
      `\nirvn plan: ${changed.length} of ${planned} planned stack(s) with changes` +
        (changed.length > 0 ? ` (${describeCounts(report.totals)})` : "") +
        ".\n",
    );
  }
  if (waiting.length > 0) {
    io.stdout(
      `irvn plan: ${waiting.length} stack(s) wait for the changes above to be applied: ${waiting.join(", ")}. ` +
        "Run irvn apply, then irvn plan again (a staged rollout: scripts/README.md, section 'Staged rollout').\n",
    );
  }
  if (failed.length > 0) {
    io.stderr(
      `${planned > 0 ? "" : "\n"}irvn plan: ${failed.length} of ${total} stack(s) not planned: ${failed.join(", ")}. ` +
        "Nothing from these stacks can be applied.\n",
    );
    return EXIT.error;
  }
  return changed.length > 0 || waiting.length > 0 ? EXIT.changes : EXIT.ok;
};

type BaseOption = { readonly ref: string } | { readonly outDir: string };

function changedBaseOption(values: {
  changed?: boolean;
  base?: string;
  "base-out"?: string;
}): BaseOption | undefined {
  const { changed, base, "base-out": baseOut } = values;
  if (!changed) {
    if (base !== undefined || baseOut !== undefined)
      throw new UsageError("--base and --base-out go with --changed: plan only what differs from that base");
    return undefined;
  }
  if ((base === undefined) === (baseOut === undefined))
    throw new UsageError(
      "--changed needs one base to compare with: --base REF (e.g. origin/main) or --base-out DIR",
    );
  if (base !== undefined && base.trim() === "")
    throw new UsageError("--base is empty: name a branch, tag or commit");
  return base !== undefined ? { ref: base } : { outDir: baseOut! };
}

async function readBase(
  io: CommandIo,
  option: BaseOption,
  at: string | undefined,
): Promise<BaseStacks | undefined> {
  try {
    if ("outDir" in option) return await baseFromOutDir(io.cwd, option.outDir);
    io.stderr(`irvn plan: synthesizing ${option.ref} to compare with\n`);
    return await baseFromRef(io.cwd, option.ref, at, io.env);
  } catch (err) {
    if (err instanceof GitError || err instanceof SynthFailed || err instanceof ManifestError) {
      io.stderr(`irvn plan: the base to compare with: ${err.message}\n`);
      return undefined;
    }
    throw err;
  }
}
