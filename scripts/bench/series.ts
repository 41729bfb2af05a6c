// The size series (issue 17): how a command's cost grows with the tenants and with the workplace
// VMs, as the exponent b of cost ≈ a·size^b, fitted by least squares on log-log. The cost is
// counted in Node starts: a command's wall-clock beyond its Node start divided by that start
// (the paired ratio minus one), or an in-process time divided by the Node start of its run. The
// sizes run minutes apart on a shared machine, and a load that differs between them would
// otherwise bend the curve; counting in the Node starts measured beside each run takes that out,
// as far as a Node start feels the load as the command does. What every process pays whatever the
// size (Node's start) is out too; loading the modules and reading the catalogue are
// fixed costs that stay in and pull a command's exponent down where they weigh much: hence the
// step between the two largest sizes, and the in-process fits, which leave module loading out.
import type { SizeId } from "./generate.ts";
import type { MetricId } from "./measurements.ts";
import type { SizeInfo } from "./workspace.ts";

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Fit {
  /** The least-squares slope of ln y on ln x. */
  readonly exponent: number;
  /** How much of the variance of ln y the line explains (1 when the points lie on it). */
  readonly r2: number;
}

/** Least squares on log-log: the growth exponent of y in x over all points. */
export function fitExponent(points: readonly Point[]): Fit {
  if (points.length < 2) throw new Error(`a growth exponent needs two sizes or more, not ${points.length}`);
  const bad = points.find((p) => !(p.x > 0 && p.y > 0));
  if (bad) throw new Error(`a growth exponent needs positive sizes and costs, not (${bad.x}, ${bad.y})`);
  const xs = points.map((p) => Math.log(p.x));
  const ys = points.map((p) => Math.log(p.y));
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(xs), mean(ys)];
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  if (sxx === 0) throw new Error("a growth exponent needs sizes that differ");
  const sxy = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0);
  const exponent = sxy / sxx;
  const syy = ys.reduce((s, y) => s + (y - my) ** 2, 0);
  const residual = ys.reduce((s, y, i) => s + (y - my - exponent * (xs[i]! - mx)) ** 2, 0);
  return { exponent, r2: syy === 0 ? 1 : 1 - residual / syy };
}

export interface Series {
  readonly id: "tenants" | "vms";
  /** What grows, as the tables name it. */
  readonly label: string;
  /** Smallest first. */
  readonly sizes: readonly SizeId[];
  readonly x: (info: SizeInfo) => number;
}

export const SERIES: readonly Series[] = [
  {
    id: "tenants",
    label: "tenants",
    sizes: ["reference", "tenants-70", "tenants-300"],
    x: (info) => info.tenants,
  },
  {
    id: "vms",
    label: "workplace VMs",
    sizes: ["workplaces-1k", "workplaces-10k", "workplaces-50k"],
    x: (info) => info.workplaceVms,
  },
];

/** What is fitted: each command (checked against the targets) and its in-process part. */
export const FITTED: readonly {
  readonly what: string;
  /** A median ratio to the Node start; `minus` is taken off it (the start itself, for a command). */
  readonly metric: MetricId;
  readonly minus: number;
  readonly target: boolean;
}[] = [
  { what: "`irvn validate` − node start", metric: "validate.cli.ratio", minus: 1, target: true },
  { what: "`irvn synth` − node start", metric: "synth.cli.ratio", minus: 1, target: true },
  { what: "validateConfig, in-process", metric: "validate.ms.ratio", minus: 0, target: false },
  { what: "synthesize, in-process", metric: "synth.ms.ratio", minus: 0, target: false },
];

export interface SeriesFit {
  readonly series: Series["id"];
  readonly what: string;
  readonly metric: MetricId;
  /** Checked against issue 17's growth target. */
  readonly target: boolean;
  readonly points: readonly (Point & { readonly size: SizeId })[];
  readonly exponent: number;
  readonly r2: number;
  /** The exponent between the two largest sizes alone. */
  readonly lastStep: number;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * A fit per series and command from the measured sizes' medians; a series with fewer than two of
 * its sizes measured (a partial run) has none.
 */
export function fitSeries(
  measured: readonly { id: SizeId; info: SizeInfo; median: (id: MetricId) => number | undefined }[],
): SeriesFit[] {
  return SERIES.flatMap((series) =>
    FITTED.flatMap(({ what, metric, minus, target }) => {
      const points = series.sizes.flatMap((id) => {
        const size = measured.find((m) => m.id === id);
        const ratio = size?.median(metric);
        return size && ratio !== undefined ? [{ size: id, x: series.x(size.info), y: ratio - minus }] : [];
      });
      if (points.length < 2) return [];
      const { exponent, r2 } = fitExponent(points);
      const lastStep = fitExponent(points.slice(-2)).exponent;
      return [
        {
          series: series.id,
          what,
          metric,
          target,
          points,
          exponent: round(exponent, 2),
          r2: round(r2, 3),
          lastStep: round(lastStep, 2),
        },
      ];
    }),
  );
}
