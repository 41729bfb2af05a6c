// The size series (issue 17): how a command's cost grows with the tenants and with the workplace
// VMs, as the exponent b of cost ≈ a·size^b, fitted by least squares on log-log. A command's cost
// is what it takes beyond a bare Node start (wall-clock − `node -e 0`, paired per run, median), so
// that the one fixed cost every process pays does not flatten the curve. The rest of the fixed
// cost (loading cdktf and the provider, reading the catalogue) still does: hence the step between
// the two largest sizes, and the same fits of the in-process times, which leave loading out.
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

/** What is fitted: each command beyond the Node start (checked against the targets), and in-process. */
export const FITTED: readonly {
  readonly what: string;
  readonly metric: MetricId;
  readonly target: boolean;
}[] = [
  { what: "`irvn validate` − node start", metric: "validate.cli.net", target: true },
  { what: "`irvn synth` − node start", metric: "synth.cli.net", target: true },
  { what: "validateConfig, in-process", metric: "validate.ms", target: false },
  { what: "synthesize, in-process", metric: "synth.ms", target: false },
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
    FITTED.flatMap(({ what, metric, target }) => {
      const points = series.sizes.flatMap((id) => {
        const size = measured.find((m) => m.id === id);
        const y = size?.median(metric);
        return size && y !== undefined ? [{ size: id, x: series.x(size.info), y }] : [];
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
