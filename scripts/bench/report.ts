// The results: the JSON committed as scripts/bench/results.json, and the Markdown tables
// (printed, and written into scripts/bench/results.md between its markers).
import { grouped } from "../../stacks/model/index.ts";
import type { SizeId } from "./generate.ts";
import type { Stat } from "./measure.ts";
import { METRICS, type MetricId } from "./measurements.ts";
import { SERIES, type SeriesFit } from "./series.ts";
import type { SizeInfo } from "./workspace.ts";

export interface SizeResult {
  readonly id: SizeId;
  readonly label: string;
  readonly runs: number;
  /** Only the measurements of the size series ran: validate and synth, in-process and as commands. */
  readonly seriesOnly: boolean;
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
  readonly issue: 8 | 17;
  readonly target: string;
  /** What the target is checked against. */
  readonly measured: string;
  readonly unit: TargetUnit;
  readonly value: number;
  readonly limit: number;
  readonly atLeast: boolean;
  readonly met: boolean;
}

/** "" for a growth exponent. */
type TargetUnit = "ms" | "MB" | "×" | "";

export interface Results {
  /** The issues whose targets are checked. */
  readonly issues: readonly (8 | 17)[];
  readonly date: string;
  readonly command: string;
  readonly seed: number;
  readonly machine: Machine;
  /** False when a source changed during the run, so that the CLI may have run through tsx. */
  readonly cliRanBundle: boolean;
  readonly sizes: readonly SizeResult[];
  readonly series: readonly SeriesFit[];
  readonly targets: readonly TargetResult[];
}

export const SIZE_LABELS: Record<SizeId, string> = {
  reference: "reference",
  "tenants-70": "70 tenants",
  "workplaces-10k": "10,000 workplace VMs",
  "tenants-300": "300 tenants",
  "workplaces-1k": "1,000 workplace VMs",
  "workplaces-50k": "50,000 workplace VMs",
};

interface Target {
  readonly issue: 8 | 17;
  readonly target: string;
  readonly size: SizeId;
  /** A metric's median, or the ratio of two medians (first / second). */
  readonly of: MetricId | readonly [MetricId, MetricId];
  readonly measured: string;
  readonly unit: TargetUnit;
  readonly limit: number;
  readonly atLeast?: boolean;
}

/**
 * Issue 8's targets on the 2-core machine (the in-process rows show what start-up costs), and
 * issue 17's, as ratios to a bare Node start in the same run; its growth targets are checked
 * against the series fits (GROWTH_LIMIT).
 */
const TARGETS: readonly Target[] = [
  {
    issue: 8,
    target: "reference, full synth ≤ 1.0 s wall",
    size: "reference",
    of: "synth.cli.wall",
    measured: "`irvn synth` wall-clock, ms",
    unit: "ms",
    limit: 1000,
  },
  {
    issue: 8,
    target: "reference, full synth ≤ 1.0 s wall",
    size: "reference",
    of: "synth.ms",
    measured: "in-process synthesize (start-up excluded), ms",
    unit: "ms",
    limit: 1000,
  },
  {
    issue: 8,
    target: "10,000 VMs, full synth ≤ 2.5 s",
    size: "workplaces-10k",
    of: "synth.cli.wall",
    measured: "`irvn synth` wall-clock, ms",
    unit: "ms",
    limit: 2500,
  },
  {
    issue: 8,
    target: "10,000 VMs, full synth ≤ 2.5 s",
    size: "workplaces-10k",
    of: "synth.ms",
    measured: "in-process synthesize (start-up excluded), ms",
    unit: "ms",
    limit: 2500,
  },
  {
    issue: 8,
    target: "10,000 VMs, full synth ≤ 300 MB peak RSS",
    size: "workplaces-10k",
    of: "synth.cli.rss",
    measured: "`irvn synth` peak RSS, MB",
    unit: "MB",
    limit: 300,
  },
  {
    issue: 8,
    target: "reference, validate ≤ 0.3 s",
    size: "reference",
    of: "validate.cli.wall",
    measured: "`irvn validate` wall-clock, ms",
    unit: "ms",
    limit: 300,
  },
  {
    issue: 8,
    target: "reference, validate ≤ 0.3 s",
    size: "reference",
    of: "validate.ms",
    measured: "in-process validateConfig, ms",
    unit: "ms",
    limit: 300,
  },
  {
    issue: 8,
    target: "ours ≥ 10x faster than naive at 10,000 VMs",
    size: "workplaces-10k",
    of: ["naive.synth", "ours.synth"],
    measured: "naive / ours, in-process synth of the workplace stacks",
    unit: "×",
    limit: 10,
    atLeast: true,
  },
  {
    issue: 8,
    target: "ours ≥ 10x faster than naive at 10,000 VMs",
    size: "workplaces-10k",
    of: ["naive.wall", "ours.wall"],
    measured: "naive / ours, process wall-clock (start-up and model included)",
    unit: "×",
    limit: 10,
    atLeast: true,
  },
  {
    issue: 17,
    target: "reference, `irvn synth` ≤ 6× node start",
    size: "reference",
    of: "synth.cli.ratio",
    measured: "`irvn synth` / `node -e 0`, paired per run",
    unit: "×",
    limit: 6,
  },
  {
    issue: 17,
    target: "reference, `irvn validate` ≤ 3× node start",
    size: "reference",
    of: "validate.cli.ratio",
    measured: "`irvn validate` / `node -e 0`, paired per run",
    unit: "×",
    limit: 3,
  },
  {
    issue: 17,
    target: "10,000 VMs, `irvn synth` ≤ 12× node start",
    size: "workplaces-10k",
    of: "synth.cli.ratio",
    measured: "`irvn synth` / `node -e 0`, paired per run",
    unit: "×",
    limit: 12,
  },
  {
    issue: 17,
    target: "10,000 VMs, `irvn synth` ≤ 200 MB",
    size: "workplaces-10k",
    of: "synth.cli.rss",
    measured: "`irvn synth` peak RSS, MB",
    unit: "MB",
    limit: 200,
  },
  {
    issue: 17,
    target: "70 tenants, `irvn synth` ≤ 15× node start",
    size: "tenants-70",
    of: "synth.cli.ratio",
    measured: "`irvn synth` / `node -e 0`, paired per run",
    unit: "×",
    limit: 15,
  },
];

/** Issue 17: cost grows at most this much faster than linearly, in tenants and in VMs. */
const GROWTH_LIMIT = 1.1;

const roundTo = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function checkTargets(sizes: readonly SizeResult[], fits: readonly SeriesFit[]): TargetResult[] {
  const median = (size: SizeResult, id: MetricId) => size.metrics[id]?.median;
  const fixed = TARGETS.flatMap((t) => {
    const size = sizes.find((s) => s.id === t.size);
    if (!size) return [];
    const value =
      typeof t.of === "string" ? median(size, t.of) : median(size, t.of[0])! / median(size, t.of[1])!;
    if (value === undefined || Number.isNaN(value)) return [];
    const atLeast = t.atLeast ?? false;
    return [
      {
        issue: t.issue,
        target: t.target,
        measured: t.measured,
        unit: t.unit,
        value: roundTo(value, 1),
        limit: t.limit,
        atLeast,
        met: atLeast ? value >= t.limit : value <= t.limit,
      },
    ];
  });
  const growth = fits
    .filter((f) => f.target)
    .flatMap((f): TargetResult[] => {
      const series = SERIES.find((s) => s.id === f.series)!;
      const xs = f.points.map((p) => grouped(p.x));
      const row = (measured: string, value: number): TargetResult => ({
        issue: 17,
        target: `growth exponent in ${series.label} ≤ ${GROWTH_LIMIT}`,
        measured,
        unit: "",
        value,
        limit: GROWTH_LIMIT,
        atLeast: false,
        met: value <= GROWTH_LIMIT,
      });
      return [
        row(`${f.what}, least squares over ${xs.join(" / ")}`, f.exponent),
        ...(f.points.length > 2 ? [row(`${f.what}, ${xs.slice(-2).join(" → ")} alone`, f.lastStep)] : []),
      ];
    });
  return [...fixed, ...growth];
}

/** A value in its unit, or its bare number in the scale `like` was shown in (for ranges). */
function formatValue(value: number, unit: string, bare = false, like = value): string {
  if (unit === "×") return bare ? value.toFixed(1) : `${value.toFixed(1)}×`;
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
  `${s.label}: ${s.info.tenants} tenants, ${grouped(s.info.vms)} VMs (${grouped(s.info.workplaceVms)} workplace), ${grouped(s.info.stacks)} stacks, ${grouped(s.info.segments)} segments; ${s.runs} run${s.runs === 1 ? "" : "s"}` +
  (s.seriesOnly ? ", size series only" : "");

const OVERVIEW: readonly MetricId[] = [
  "validate.ms",
  "validate.cli.wall",
  "validate.cli.node",
  "validate.cli.ratio",
  "validate.cli.rss",
  "ipam.ms",
  "synth.ms",
  "synth.startup",
  "synth.rss",
  "synth.cli.wall",
  "synth.cli.node",
  "synth.cli.ratio",
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

/** A size of a series, with what grows in it. */
function seriesRows(sizes: readonly SizeResult[]): string[] {
  const rows: string[] = [];
  for (const series of SERIES) {
    series.sizes.forEach((id, i) => {
      const s = sizes.find((m) => m.id === id);
      if (!s) return;
      const m = s.metrics;
      rows.push(
        `| ${i === 0 ? series.label : ""} | ${s.label} | ${grouped(s.info.tenants)} | ${grouped(s.info.workplaceVms)} | ${s.info.stacks} | ` +
          `${cell(m["synth.cli.node"])} | ${cell(m["validate.cli.wall"])} | ${cell(m["validate.cli.ratio"])} | ` +
          `${cell(m["synth.cli.wall"])} | ${cell(m["synth.cli.ratio"])} | ${cell(m["synth.cli.net"])} | ${cell(m["synth.cli.rss"])} |`,
      );
    });
  }
  return rows;
}

function showTarget(value: number, unit: TargetResult["unit"]): string {
  if (unit === "") return value.toFixed(2);
  return unit === "×" ? `${value.toFixed(1)}×` : grouped(value);
}

/** The results block, top to bottom as it reads: a header, then one table per section. */
export function renderMarkdown(results: Results): string {
  const { machine } = results;
  const full = results.sizes.filter((s) => !s.seriesOnly);
  const lines: string[] = [];
  lines.push(
    `Measured ${results.date} on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), Node ${machine.node}, ` +
      `load average ${machine.loadBefore[0]} at the start and ${machine.loadAfter[0]} at the end; seed ${results.seed}. ` +
      `Median of the runs (min–max); every run is a fresh process. Each \`irvn\` command run is paired with the median of ` +
      `four \`node -e 0\` started the same way, two just before it and two just after, and its ratio to that Node start ` +
      `is taken run by run before the median: a change in machine load (the machine is shared) weighs on both sides of a ` +
      `pair alike. Reproduce with \`${results.command}\`.`,
    "",
  );
  if (!results.cliRanBundle)
    lines.push(
      "**A source file changed during this run: the CLI rows may mix the bundle and tsx. Run it again.**",
      "",
    );
  for (const s of results.sizes) lines.push(`- ${sizeHeading(s)}`);
  if (full.length > 0) {
    lines.push("", `| measurement | ${full.map((s) => s.label).join(" | ")} |`);
    lines.push(`|---|${full.map(() => "---").join("|")}|`);
    for (const id of OVERVIEW) {
      lines.push(`| ${METRICS[id].label} | ${full.map((s) => cell(s.metrics[id])).join(" | ")} |`);
    }

    lines.push(
      "",
      "Ours, naive (cdktf, one construct per VM) and the floor (plain `node`: read the finished output, `JSON.stringify` it, write it):",
      "",
    );
    lines.push("| size | measurement | ours | naive | floor | ours/naive | ours/floor |");
    lines.push("|---|---|---|---|---|---|---|");
    for (const s of full) {
      COMPARISONS.forEach((c, i) => {
        const [ours, naive, floor] = [s.metrics[c.ours], c.naive && s.metrics[c.naive], s.metrics[c.floor]];
        lines.push(
          `| ${i === 0 ? s.label : ""} | ${c.label} | ${cell(ours)} | ${cell(naive || undefined)} | ${cell(floor)} | ${ratio(ours, naive || undefined)} | ${ratio(ours, floor)} |`,
        );
      });
    }
  }

  const rows = seriesRows(results.sizes);
  if (rows.length > 0) {
    lines.push(
      "",
      "Size series: the commands at each size, with the Node start around each run (shown: the one around `irvn synth`); " +
        "× node is the paired ratio, − node the paired difference:",
      "",
      "| series | size | tenants | workplace VMs | stacks | `node -e 0` | `irvn validate` | × node | `irvn synth` | × node | − node | peak RSS |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|",
      ...rows,
    );
  }
  if (results.series.length > 0) {
    lines.push(
      "",
      "Growth: the exponent b of cost ≈ a·size^b, fitted by least squares on the logarithms of size and cost. The cost " +
        "is counted in Node starts, so that a load that differs between sizes cancels: a command's paired ratio minus " +
        "one (its wall-clock beyond its Node start), or an in-process time over the Node start of its run. R² says how " +
        "well one line fits; the last step is the exponent between the two largest sizes alone, where fixed costs weigh least:",
      "",
      "| cost of | grows in | sizes | median cost, in node starts | exponent | R² | last step |",
      "|---|---|---|---|---|---|---|",
      ...results.series.map((f) => {
        const series = SERIES.find((s) => s.id === f.series)!;
        const costs = f.points.map((p) => p.y.toFixed(1));
        return `| ${f.what} | ${series.label} | ${f.points.map((p) => grouped(p.x)).join(" / ")} | ${costs.join(" / ")} | ${f.exponent.toFixed(2)} | ${f.points.length > 2 ? f.r2.toFixed(3) : "—"} | ${f.points.length > 2 ? f.lastStep.toFixed(2) : "—"} |`;
      }),
    );
  }

  lines.push("", "| issue | target | measured as | value | limit | |", "|---|---|---|---|---|---|");
  for (const t of results.targets) {
    lines.push(
      `| ${t.issue} | ${t.target} | ${t.measured} | ${showTarget(t.value, t.unit)} | ${t.atLeast ? "≥" : "≤"} ${showTarget(t.limit, t.unit)} | ${t.met ? "met" : "**missed**"} |`,
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
