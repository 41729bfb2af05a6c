// What is measured, one process per measurement and run: each returns its figures keyed by
// metric id. METRICS says what each id means and in which unit it is. Each command run through
// the CLI is paired with the median of four `node -e 0` runs started the same way, two just
// before it and two just after (one Node start alone varies by a factor of two on a loaded
// machine); PAIRS derives, run by run, the command's ratio to that Node start and what it takes
// beyond it.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { directoryBytes, median, runChild, runCli, runFloor, runNodeStart, type Sample } from "./measure.ts";
import { configOf, type SizeDirs } from "./workspace.ts";

export type Unit = "ms" | "MB" | "bytes" | "×";

export const METRICS = {
  "validate.ms": { unit: "ms", label: "validate, in-process (validateConfig)" },
  "validate.ms.ratio": { unit: "×", label: "validate, in-process / the run's `node -e 0`" },
  "validate.rss": { unit: "MB", label: "validate, peak RSS of its process" },
  "validate.cli.wall": { unit: "ms", label: "`irvn validate`, wall-clock (Node start-up included)" },
  "validate.cli.node": { unit: "ms", label: "`node -e 0` around `irvn validate` (median of 4), wall-clock" },
  "validate.cli.ratio": { unit: "×", label: "`irvn validate` / `node -e 0`, paired per run" },
  "validate.cli.net": { unit: "ms", label: "`irvn validate` − `node -e 0`, paired per run" },
  "validate.cli.rss": { unit: "MB", label: "`irvn validate`, peak RSS" },
  "ipam.ms": { unit: "ms", label: "ipam from an empty lock, in-process (planLock + renderLock)" },
  "ipam.rss": { unit: "MB", label: "ipam, peak RSS of its process" },
  "synth.ms": { unit: "ms", label: "synth of all stacks and documents, in-process (synthesize)" },
  "synth.ms.ratio": { unit: "×", label: "synth, in-process / the run's `node -e 0`" },
  "synth.startup": { unit: "ms", label: "synth process: start until its modules are loaded" },
  "synth.rss": { unit: "MB", label: "synth, peak RSS of its process" },
  "synth.cli.wall": { unit: "ms", label: "`irvn synth`, wall-clock (Node start-up included)" },
  "synth.cli.node": { unit: "ms", label: "`node -e 0` around `irvn synth` (median of 4), wall-clock" },
  "synth.cli.ratio": { unit: "×", label: "`irvn synth` / `node -e 0`, paired per run" },
  "synth.cli.net": { unit: "ms", label: "`irvn synth` − `node -e 0`, paired per run" },
  "synth.cli.rss": { unit: "MB", label: "`irvn synth`, peak RSS" },
  "synth.bytes": { unit: "bytes", label: "synth output (stacks, manifest, documents)" },
  "diff.ms": { unit: "ms", label: "diff of two synths: compareTrees + renderMarkdown, in-process" },
  "diff.compare": { unit: "ms", label: "diff: compareTrees" },
  "diff.render": { unit: "ms", label: "diff: renderMarkdown" },
  "diff.rss": { unit: "MB", label: "diff, peak RSS of its process (both trees loaded)" },
  "ours.synth": { unit: "ms", label: "workplace stacks ours (for_each), in-process synth" },
  "ours.wall": { unit: "ms", label: "workplace stacks ours, process wall-clock" },
  "ours.rss": { unit: "MB", label: "workplace stacks ours, peak RSS" },
  "ours.bytes": { unit: "bytes", label: "workplace stacks ours, output" },
  "naive.synth": { unit: "ms", label: "workplace stacks naive (construct per VM), in-process synth" },
  "naive.wall": { unit: "ms", label: "workplace stacks naive, process wall-clock" },
  "naive.rss": { unit: "MB", label: "workplace stacks naive, peak RSS" },
  "naive.bytes": { unit: "bytes", label: "workplace stacks naive, output" },
  "floor.wp.write": { unit: "ms", label: "floor of the workplace stacks: stringify + write" },
  "floor.wp.wall": { unit: "ms", label: "floor of the workplace stacks, process wall-clock" },
  "floor.wp.rss": { unit: "MB", label: "floor of the workplace stacks, peak RSS" },
  "floor.wp.bytes": { unit: "bytes", label: "floor of the workplace stacks, output" },
  "floor.full.write": { unit: "ms", label: "floor of the full synth output: stringify + write" },
  "floor.full.wall": { unit: "ms", label: "floor of the full synth output, process wall-clock" },
  "floor.full.rss": { unit: "MB", label: "floor of the full synth output, peak RSS" },
  "floor.full.bytes": { unit: "bytes", label: "floor of the full synth output, output" },
} as const satisfies Record<string, { unit: Unit; label: string }>;

export type MetricId = keyof typeof METRICS;
type Figures = Partial<Record<MetricId, number>>;

export interface Measurement {
  readonly id: string;
  /** Measured at every size, also those only the size series needs. */
  readonly series?: true;
  run(dirs: SizeDirs): Figures;
}

/** A command's wall-clock, the `node -e 0` just before it, and the two figures derived from them. */
interface Pair {
  /** A command's wall-clock, or an in-process time of the same run. */
  readonly of: MetricId;
  readonly node: MetricId;
  readonly ratio: MetricId;
  /** The difference, for a wall-clock that includes the Node start. */
  readonly net?: MetricId;
}

export const PAIRS: readonly Pair[] = [
  {
    of: "validate.cli.wall",
    node: "validate.cli.node",
    ratio: "validate.cli.ratio",
    net: "validate.cli.net",
  },
  { of: "synth.cli.wall", node: "synth.cli.node", ratio: "synth.cli.ratio", net: "synth.cli.net" },
  // the in-process times against the Node start of the command run a few seconds after them
  { of: "validate.ms", node: "validate.cli.node", ratio: "validate.ms.ratio" },
  { of: "synth.ms", node: "synth.cli.node", ratio: "synth.ms.ratio" },
];

/**
 * The samples with each pair's ratio and difference added, run by run: the i-th run's figure
 * against the i-th Node start, the one of the same run. Their medians are medians of these, not
 * ratios of medians, so that a change in machine load weighs on both sides of a pair alike.
 */
export function withPaired(samples: ReadonlyMap<MetricId, readonly number[]>): Map<MetricId, number[]> {
  const out = new Map([...samples].map(([id, runs]) => [id, [...runs]]));
  for (const pair of PAIRS) {
    const of = samples.get(pair.of);
    const node = samples.get(pair.node);
    if (!of || !node) continue;
    if (of.length !== node.length)
      throw new Error(
        `${pair.of} has ${of.length} runs but ${pair.node} ${node.length}: they pair run by run`,
      );
    out.set(
      pair.ratio,
      of.map((v, i) => v / node[i]!),
    );
    if (pair.net)
      out.set(
        pair.net,
        of.map((v, i) => v - node[i]!),
      );
  }
  return out;
}

/** Two `node -e 0`, the command, two `node -e 0`, each in its own process the same way. */
function cliPaired(
  pair: { wall: MetricId; node: MetricId; rss: MetricId },
  args: readonly string[],
): Figures {
  const before = [runNodeStart(), runNodeStart()];
  const { wallMs, maxRssKb } = runCli(args);
  const after = [runNodeStart(), runNodeStart()];
  return {
    [pair.node]: median([...before, ...after].map((r) => r.wallMs)),
    [pair.wall]: wallMs,
    ...(maxRssKb === undefined ? {} : { [pair.rss]: mb(maxRssKb) }),
  };
}

const mb = (kb: number) => kb / 1024;
/** A fresh output directory for every run: each writes from nothing, as a first synth does. */
const scratch = (dirs: SizeDirs, name: string) => {
  const out = join(dirs.scratch, name);
  rmSync(out, { recursive: true, force: true });
  return out;
};

function workplaces(kind: "ours" | "naive", dirs: SizeDirs): Figures {
  const out = scratch(dirs, kind);
  const { wallMs, report }: Sample = runChild(["workplaces", kind, configOf(dirs.base), out]);
  return {
    [`${kind}.synth`]: report.phases.synth!,
    [`${kind}.wall`]: wallMs,
    [`${kind}.rss`]: mb(report.maxRssKb),
    [`${kind}.bytes`]: directoryBytes(out),
  };
}

function floor(kind: "wp" | "full", input: string, dirs: SizeDirs): Figures {
  const out = scratch(dirs, `floor-${kind}`);
  const { wallMs, report } = runFloor(input, out);
  return {
    [`floor.${kind}.write`]: report.phases.write!,
    [`floor.${kind}.wall`]: wallMs,
    [`floor.${kind}.rss`]: mb(report.maxRssKb),
    [`floor.${kind}.bytes`]: directoryBytes(out),
  };
}

/** In the order of one run; runs interleave them, so that a change in machine load hits all alike. */
export const MEASUREMENTS: readonly Measurement[] = [
  {
    id: "validate",
    series: true,
    run: (dirs) => {
      const { report } = runChild(["validate", configOf(dirs.base)]);
      return { "validate.ms": report.phases.validate!, "validate.rss": mb(report.maxRssKb) };
    },
  },
  {
    id: "validate-cli",
    series: true,
    run: (dirs) =>
      cliPaired({ wall: "validate.cli.wall", node: "validate.cli.node", rss: "validate.cli.rss" }, [
        "validate",
        "--config",
        configOf(dirs.base),
      ]),
  },
  {
    id: "ipam",
    run: (dirs) => {
      const { report } = runChild(["ipam", configOf(dirs.unlocked)]);
      return { "ipam.ms": report.phases.ipam!, "ipam.rss": mb(report.maxRssKb) };
    },
  },
  {
    id: "synth",
    series: true,
    run: (dirs) => {
      const out = scratch(dirs, "synth");
      const { report } = runChild(["synth", configOf(dirs.base), out]);
      return {
        "synth.ms": report.phases.synth!,
        "synth.startup": report.startupMs,
        "synth.rss": mb(report.maxRssKb),
        "synth.bytes": directoryBytes(out),
      };
    },
  },
  {
    id: "synth-cli",
    series: true,
    run: (dirs) =>
      cliPaired({ wall: "synth.cli.wall", node: "synth.cli.node", rss: "synth.cli.rss" }, [
        "synth",
        "--config",
        configOf(dirs.base),
        "--out",
        scratch(dirs, "synth-cli"),
      ]),
  },
  {
    id: "diff",
    run: (dirs) => {
      const { report } = runChild(["diff", dirs.base, dirs.baseOut, dirs.head, dirs.headOut]);
      const { compare, render } = report.phases;
      return {
        "diff.ms": compare! + render!,
        "diff.compare": compare!,
        "diff.render": render!,
        "diff.rss": mb(report.maxRssKb),
      };
    },
  },
  { id: "ours", run: (dirs) => workplaces("ours", dirs) },
  { id: "naive", run: (dirs) => workplaces("naive", dirs) },
  { id: "floor-workplaces", run: (dirs) => floor("wp", dirs.floorWorkplaces, dirs) },
  { id: "floor-full", run: (dirs) => floor("full", dirs.floorFull, dirs) },
];
