// The results: the JSON committed as scripts/bench/results.json, and the Markdown tables
// (printed, and written into scripts/bench/results.md between its markers).
import type { SizeId } from "./generate.ts";
import type { Stat } from "./measure.ts";
import { METRICS, type MetricId } from "./measurements.ts";
import type { SizeInfo } from "./workspace.ts";

export interface SizeResult {
  readonly id: SizeId;
  readonly label: string;
  readonly runs: number;
  readonly info: SizeInfo;
  readonly metrics: Partial<Record<MetricId, Stat & { readonly label: string }>>;
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  /** 1, 5 and 15 minute load averages when the run started and when it ended. */
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
}

export interface TargetResult {
  readonly target: string;
  /** What the target is checked against. */
  readonly measured: string;
  readonly value: number;
  readonly limit: number;
  readonly met: boolean;
}

export interface Results {
  readonly issue: 8;
  readonly date: string;
  readonly command: string;
  readonly seed: number;
  readonly machine: Machine;
  /** False when a source changed during the run, so that the CLI may have run through tsx. */
  readonly cliRanBundle: boolean;
  readonly sizes: readonly SizeResult[];
  readonly targets: readonly TargetResult[];
}

export const SIZE_LABELS: Record<SizeId, string> = {
  reference: "reference",
  "tenants-10x": "10x tenants",
  "workplaces-10k": "10,000 workplace VMs",
};

interface Target {
  readonly target: string;
  readonly size: SizeId;
  /** A metric's median, or the ratio of two medians (first / second). */
  readonly of: MetricId | readonly [MetricId, MetricId];
  readonly measured: string;
  readonly limit: number;
  readonly atLeast?: boolean;
}

/** Issue 8's targets on the 2-core machine; the in-process rows show what start-up costs. */
const TARGETS: readonly Target[] = [
  {
    target: "reference, full synth ≤ 1.0 s wall",
    size: "reference",
    of: "synth.cli.wall",
    measured: "`irvn synth` wall-clock, ms",
    limit: 1000,
  },
  {
    target: "reference, full synth ≤ 1.0 s wall",
    size: "reference",
    of: "synth.ms",
    measured: "in-process synthesize (start-up excluded), ms",
    limit: 1000,
  },
  {
    target: "10,000 VMs, full synth ≤ 2.5 s",
    size: "workplaces-10k",
    of: "synth.cli.wall",
    measured: "`irvn synth` wall-clock, ms",
    limit: 2500,
  },
  {
    target: "10,000 VMs, full synth ≤ 2.5 s",
    size: "workplaces-10k",
    of: "synth.ms",
    measured: "in-process synthesize (start-up excluded), ms",
    limit: 2500,
  },
  {
    target: "10,000 VMs, full synth ≤ 300 MB peak RSS",
    size: "workplaces-10k",
    of: "synth.cli.rss",
    measured: "`irvn synth` peak RSS, MB",
    limit: 300,
  },
  {
    target: "reference, validate ≤ 0.3 s",
    size: "reference",
    of: "validate.cli.wall",
    measured: "`irvn validate` wall-clock, ms",
    limit: 300,
  },
  {
    target: "reference, validate ≤ 0.3 s",
    size: "reference",
    of: "validate.ms",
    measured: "in-process validateConfig, ms",
    limit: 300,
  },
  {
    target: "ours ≥ 10x faster than naive at 10,000 VMs",
    size: "workplaces-10k",
    of: ["naive.synth", "ours.synth"],
    measured: "naive / ours, in-process synth of the workplace stacks",
    limit: 10,
    atLeast: true,
  },
  {
    target: "ours ≥ 10x faster than naive at 10,000 VMs",
    size: "workplaces-10k",
    of: ["naive.wall", "ours.wall"],
    measured: "naive / ours, process wall-clock (start-up and model included)",
    limit: 10,
    atLeast: true,
  },
];

export function checkTargets(sizes: readonly SizeResult[]): TargetResult[] {
  const median = (size: SizeResult, id: MetricId) => size.metrics[id]?.median;
  return TARGETS.flatMap((t) => {
    const size = sizes.find((s) => s.id === t.size);
    if (!size) return [];
    const value =
      typeof t.of === "string" ? median(size, t.of) : median(size, t.of[0])! / median(size, t.of[1])!;
    if (value === undefined || Number.isNaN(value)) return [];
    const rounded = Math.round(value * 10) / 10;
    return [
      {
        target: t.target,
        measured: t.measured,
        value: rounded,
        limit: t.limit,
        met: t.atLeast ? value >= t.limit : value <= t.limit,
      },
    ];
  });
}

const grouped = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** A value in its unit, or its bare number in the scale `like` was shown in (for ranges). */
function formatValue(value: number, unit: string, bare = false, like = value): string {
  const [n, suffix] =
    unit === "ms"
      ? like >= 1000
        ? [(value / 1000).toFixed(2), "s"]
        : [grouped(value), "ms"]
      : unit === "MB"
        ? [grouped(value), "MB"]
        : like >= 1024 * 1024
          ? [(value / (1024 * 1024)).toFixed(2), "MiB"]
          : [grouped(value / 1024), "KiB"];
  return bare ? n : `${n} ${suffix}`;
}

/** `530 ms (513–574)`: the median, then min–max in the same unit. */
function cell(stat: Stat | undefined): string {
  if (!stat) return "—";
  const median = formatValue(stat.median, stat.unit);
  if (stat.unit === "bytes" || stat.min === stat.max) return median;
  const range = [stat.min, stat.max].map((v) => formatValue(v, stat.unit, true, stat.median));
  return `${median} (${range.join("–")})`;
}

const sizeHeading = (s: SizeResult) =>
  `${s.label}: ${s.info.tenants} tenants, ${grouped(s.info.vms)} VMs (${grouped(s.info.workplaceVms)} workplace), ${s.info.stacks} stacks, ${s.info.segments} segments; ${s.runs} runs`;

const OVERVIEW: readonly MetricId[] = [
  "validate.ms",
  "validate.cli.wall",
  "validate.cli.rss",
  "ipam.ms",
  "synth.ms",
  "synth.startup",
  "synth.rss",
  "synth.cli.wall",
  "synth.cli.rss",
  "synth.bytes",
  "diff.ms",
  "diff.compare",
  "diff.render",
  "diff.rss",
];

/** Rows of the comparison: ours, naive and floor metrics of one quantity. */
const COMPARISONS: readonly { label: string; ours: MetricId; naive?: MetricId; floor: MetricId }[] = [
  {
    label: "workplace stacks: in-process synth (model resolved; floor: stringify + write)",
    ours: "ours.synth",
    naive: "naive.synth",
    floor: "floor.wp.write",
  },
  {
    label: "workplace stacks: process wall-clock (start-up and model included)",
    ours: "ours.wall",
    naive: "naive.wall",
    floor: "floor.wp.wall",
  },
  { label: "workplace stacks: peak RSS", ours: "ours.rss", naive: "naive.rss", floor: "floor.wp.rss" },
  { label: "workplace stacks: output", ours: "ours.bytes", naive: "naive.bytes", floor: "floor.wp.bytes" },
  {
    label: "all stacks and documents: `irvn synth` wall-clock (floor: the same files)",
    ours: "synth.cli.wall",
    floor: "floor.full.wall",
  },
  {
    label: "all stacks and documents: peak RSS",
    ours: "synth.cli.rss",
    floor: "floor.full.rss",
  },
];

function ratio(a: Stat | undefined, b: Stat | undefined): string {
  if (!a || !b || b.median === 0) return "—";
  const r = a.median / b.median;
  return r < 1 ? `${r.toPrecision(2)} (${(1 / r).toFixed(1)}× less)` : r.toFixed(1);
}

export function renderMarkdown(results: Results): string {
  const { machine, sizes } = results;
  const lines: string[] = [];
  lines.push(
    `Measured ${results.date} on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), Node ${machine.node}, ` +
      `load average ${machine.loadBefore[0]} at the start and ${machine.loadAfter[0]} at the end; seed ${results.seed}. ` +
      `Median of the runs (min–max); every run is a fresh process. Reproduce with \`${results.command}\`.`,
    "",
  );
  if (!results.cliRanBundle)
    lines.push(
      "**A source file changed during this run: the CLI rows may mix the bundle and tsx. Run it again.**",
      "",
    );
  for (const s of sizes) lines.push(`- ${sizeHeading(s)}`);
  lines.push("", `| measurement | ${sizes.map((s) => s.label).join(" | ")} |`);
  lines.push(`|---|${sizes.map(() => "---").join("|")}|`);
  for (const id of OVERVIEW) {
    lines.push(`| ${METRICS[id].label} | ${sizes.map((s) => cell(s.metrics[id])).join(" | ")} |`);
  }

  lines.push(
    "",
    "Ours, naive (one cdktf construct per VM) and the floor (plain `node`: read the finished output, `JSON.stringify` it, write it):",
    "",
  );
  lines.push("| size | measurement | ours | naive | floor | ours/naive | ours/floor |");
  lines.push("|---|---|---|---|---|---|---|");
  for (const s of sizes) {
    COMPARISONS.forEach((c, i) => {
      const [ours, naive, floor] = [s.metrics[c.ours], c.naive && s.metrics[c.naive], s.metrics[c.floor]];
      lines.push(
        `| ${i === 0 ? s.label : ""} | ${c.label} | ${cell(ours)} | ${cell(naive || undefined)} | ${cell(floor)} | ${ratio(ours, naive || undefined)} | ${ratio(ours, floor)} |`,
      );
    });
  }

  lines.push("", "| target | measured as | value | limit | |", "|---|---|---|---|---|");
  for (const t of results.targets) {
    const unitless = t.measured.startsWith("naive");
    const show = (n: number) => (unitless ? `${n}×` : grouped(n));
    lines.push(
      `| ${t.target} | ${t.measured} | ${show(t.value)} | ${unitless ? "≥ " : "≤ "}${show(t.limit)} | ${t.met ? "met" : "**missed**"} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

const START = "<!-- bench:results -->";
const END = "<!-- /bench:results -->";

/** The results.md text with the generated part replaced; the written analysis around it stays. */
export function spliceResults(existing: string | undefined, table: string): string {
  const block = `${START}\n${table}\n${END}\n`;
  if (!existing || !existing.includes(START)) return `# Benchmark results\n\n${block}`;
  const head = existing.slice(0, existing.indexOf(START));
  const tail = existing.slice(existing.indexOf(END) + END.length + 1);
  return head + block + tail;
}
