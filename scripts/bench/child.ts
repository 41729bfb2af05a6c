// One measurement in a process of its own, so that its peak RSS is its own and every run starts
// cold, as a user's command does. Prints one JSON line: the phases in milliseconds, the time
// from process start until the modules were loaded, and the peak RSS. The bench runs it bundled
// (see measure.ts); `node --import tsx scripts/bench/child.ts …` runs the sources.
//
//   child validate DIR
//   child ipam DIR                  (DIR without a lock)
//   child synth DIR OUT
//   child workplaces ours|naive DIR OUT
//   child diff BASE_CHECKOUT BASE_OUT HEAD_CHECKOUT HEAD_OUT
import { performance } from "node:perf_hooks";

export interface ChildReport {
  /** Milliseconds per phase, measured inside the process. */
  readonly phases: Record<string, number>;
  /** From process start until the modules the measurement needs were loaded. */
  readonly startupMs: number;
  readonly maxRssKb: number;
}

type Phases = Record<string, number>;

async function timed<T>(phases: Phases, name: string, work: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await work();
  phases[name] = performance.now() - t0;
  return result;
}

function fail(message: string): never {
  process.stderr.write(message.endsWith("\n") ? message : `${message}\n`);
  process.exit(1);
}

async function measure(args: string[], phases: Phases): Promise<number> {
  const [mode, ...rest] = args;
  switch (mode) {
    case "validate": {
      const { validateConfig } = await import("../../stacks/model/index.ts");
      const { problemReport } = await import("../report.ts");
      const startup = performance.now();
      const validated = await timed(phases, "validate", () => validateConfig(rest[0]!, rest[0]!));
      if (validated.problems.length > 0) fail(problemReport(validated.problems));
      return startup;
    }
    case "ipam": {
      const { planLock, renderLock } = await import("../../stacks/model/index.ts");
      const { lockPlanReport } = await import("../report.ts");
      const startup = performance.now();
      await timed(phases, "ipam", () => {
        const planned = planLock(rest[0]!, rest[0]!);
        if (!planned.ok) fail(lockPlanReport(planned));
        return renderLock(planned.result.lock);
      });
      return startup;
    }
    case "synth": {
      const { synthesize } = await import("../synthesize.ts");
      const startup = performance.now();
      const [configDir, outDir] = rest;
      const result = await timed(phases, "synth", () =>
        synthesize({ configDir: configDir!, outDir: outDir!, cwd: process.cwd() }),
      );
      if (!result.ok) fail(result.report);
      return startup;
    }
    case "workplaces": {
      const { loadModel } = await import("../../stacks/model/index.ts");
      const { problemReport } = await import("../report.ts");
      const [kind, configDir, outDir] = rest;
      if (kind !== "ours" && kind !== "naive") fail(`workplaces: ours or naive, not ${kind}`);
      const synthWorkplaces =
        kind === "naive"
          ? (await import("./naive-stack.ts")).synthNaiveWorkplaces
          : (await import("./workplace-stacks.ts")).synthOurWorkplaces;
      const startup = performance.now();
      const loaded = await timed(phases, "model", () => loadModel(configDir!, configDir!));
      if (!loaded.ok) fail(problemReport(loaded.problems));
      await timed(phases, "synth", () => synthWorkplaces(loaded.model, outDir!));
      return startup;
    }
    case "diff": {
      const { readGeneratedTree } = await import("../terraform-json/tree.ts");
      const { timeComparison } = await import("../diff/bench.ts");
      const startup = performance.now();
      const [baseCheckout, baseOut, headCheckout, headOut] = rest;
      const [base, head] = await timed(phases, "load", () => [
        readGeneratedTree(baseOut!, baseCheckout!),
        readGeneratedTree(headOut!, headCheckout!),
      ]);
      // one comparison per process: a reviewer's `irvn diff` compares once, cold
      const timing = timeComparison(base!, head!, 1);
      if (!timing.changed) fail("diff: the head side should differ from the base");
      phases.compare = timing.compareMs;
      phases.render = timing.renderMs;
      return startup;
    }
    default:
      return fail(`unknown measurement ${mode}`);
  }
}

const phases: Phases = {};
const startupMs = await measure(process.argv.slice(2), phases);
const report: ChildReport = { phases, startupMs, maxRssKb: process.resourceUsage().maxRSS };
process.stdout.write(`${JSON.stringify(report)}\n`);
