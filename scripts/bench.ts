// `npm run bench` (issues 8 and 17): validate, ipam, synth and diff at the reference size, at 70
// tenants and at 10,000 workplace VMs, against the naive cdktf way and the floor; `irvn validate`
// and `irvn synth` paired with `node -e 0` at every size of the two size series (7, 70, 300
// tenants; 1,000, 10,000, 50,000 workplace VMs), with their growth exponents. Writes
// scripts/bench/results.json and the tables in scripts/bench/results.md, and prints the tables.
//
//   node --import tsx scripts/bench.ts [--sizes reference,tenants-70,…] [--runs N] [--series] [--keep]
//
// --sizes, --runs or --series make a partial run: it prints its tables and leaves the results
// files alone. --series runs only the series measurements, at the six series sizes.
// --keep leaves the temporary directory with the configurations and outputs in place.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { format, resolveConfig } from "prettier";
import { SEED, SIZES, type SizeId } from "./bench/generate.ts";
import { buildRunners, cliBundleIsFresh, REPO, stat } from "./bench/measure.ts";
import { MEASUREMENTS, METRICS, type MetricId, withPaired } from "./bench/measurements.ts";
import {
  checkTargets,
  type Machine,
  renderMarkdown,
  type Results,
  SIZE_LABELS,
  type SizeResult,
  spliceResults,
} from "./bench/report.ts";
import { fitSeries } from "./bench/series.ts";
import { prepareSize } from "./bench/workspace.ts";

const COMMAND = "npm run bench";
const RESULTS_JSON = join(REPO, "scripts/bench/results.json");
const RESULTS_MD = join(REPO, "scripts/bench/results.md");
/** Five runs where a target is checked or a run is short; three where a run takes minutes. */
const DEFAULT_RUNS: Record<SizeId, number> = {
  reference: 5,
  "tenants-70": 5,
  "workplaces-10k": 5,
  "tenants-300": 3,
  "workplaces-1k": 5,
  "workplaces-50k": 5,
};
/** The sizes every measurement runs at; the others only need the series measurements. */
const FULL: readonly SizeId[] = ["reference", "tenants-70", "workplaces-10k"];

const { values } = parseArgs({
  options: {
    sizes: { type: "string" },
    runs: { type: "string" },
    series: { type: "boolean" },
    keep: { type: "boolean" },
  },
});
const sizes = values.sizes ? (values.sizes.split(",") as SizeId[]) : [...SIZES];
const unknown = sizes.filter((s) => !SIZES.includes(s));
if (unknown.length > 0) throw new Error(`unknown size ${unknown.join(", ")}: one of ${SIZES.join(", ")}`);
const partial = values.sizes !== undefined || values.runs !== undefined || values.series === true;

const load = () => loadavg().map((l) => Math.round(l * 100) / 100);
const loadBefore = load();
const root = mkdtempSync(join(tmpdir(), "irvn-bench-"));
const log = (line: string) => process.stderr.write(`${line}\n`);

function measureSize(size: SizeId): SizeResult {
  const seriesOnly = values.series === true || !FULL.includes(size);
  log(`${size}: generating, allocating, validating, synthesizing${seriesOnly ? "" : " base and head"}…`);
  const { dirs, info } = prepareSize(root, size, seriesOnly);
  const runs = values.runs ? Number(values.runs) : DEFAULT_RUNS[size];
  const measurements = MEASUREMENTS.filter((m) => !seriesOnly || m.series);
  const samples = new Map<MetricId, number[]>();
  for (let run = 1; run <= runs; run++) {
    for (const m of measurements) {
      for (const [id, value] of Object.entries(m.run(dirs)) as [MetricId, number][]) {
        samples.set(id, [...(samples.get(id) ?? []), value]);
      }
    }
    const latest = (id: MetricId) => Math.round(samples.get(id)!.at(-1)!);
    const synth = samples.get("synth.cli.wall")!.at(-1)! / samples.get("synth.cli.node")!.at(-1)!;
    log(
      `${size}: run ${run}/${runs}: irvn synth ${latest("synth.cli.wall")} ms wall, ${synth.toFixed(1)}× node start` +
        (seriesOnly ? "" : `, ours ${latest("ours.synth")} ms, naive ${latest("naive.synth")} ms`) +
        `, load ${load()[0]}`,
    );
  }
  const metrics = Object.fromEntries(
    [...withPaired(samples)].map(([id, runs]) => [
      id,
      { label: METRICS[id].label, ...stat(METRICS[id].unit, runs) },
    ]),
  );
  return { id: size, label: SIZE_LABELS[size], runs, seriesOnly, info, metrics };
}

try {
  log("building dist/ (npm run build) and the measuring child…");
  await buildRunners();
  const measured = sizes.map(measureSize);
  const series = fitSeries(
    measured.map((s) => ({ id: s.id, info: s.info, median: (id: MetricId) => s.metrics[id]?.median })),
  );
  const cpu = cpus();
  const machine: Machine = {
    cpu: cpu[0]?.model ?? "unknown",
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadBefore,
    loadAfter: load(),
  };
  const results: Results = {
    issues: [8, 17],
    date: new Date().toISOString().slice(0, 10),
    command: COMMAND,
    seed: SEED,
    machine,
    cliRanBundle: cliBundleIsFresh(),
    sizes: measured,
    series,
    targets: checkTargets(measured, series),
  };
  const table = renderMarkdown(results);
  process.stdout.write(table);
  if (partial) {
    log("partial run (--sizes, --runs or --series): results files left as they were");
  } else {
    // written as `npm run format` would leave them, so that `format:check` passes
    const formatted = async (path: string, text: string) =>
      writeFileSync(path, await format(text, { ...(await resolveConfig(path)), filepath: path }));
    await formatted(RESULTS_JSON, JSON.stringify(results));
    const existing = existsSync(RESULTS_MD) ? readFileSync(RESULTS_MD, "utf8") : undefined;
    await formatted(RESULTS_MD, spliceResults(existing, table));
    log("wrote scripts/bench/results.json and scripts/bench/results.md");
  }
} finally {
  if (values.keep) log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
