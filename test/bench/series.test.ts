// The benchmark's arithmetic: growth exponents fitted on log-log, ratios to the Node start taken
// run by run, and the growth targets checked against the fits of the commands (not in-process).
import { describe, expect, it } from "vitest";
import type { SizeId } from "../../scripts/bench/generate.ts";
import { type MetricId, withPaired } from "../../scripts/bench/measurements.ts";
import { checkTargets } from "../../scripts/bench/report.ts";
import { fitExponent, fitSeries } from "../../scripts/bench/series.ts";
import type { SizeInfo } from "../../scripts/bench/workspace.ts";

const power = (a: number, b: number, xs: readonly number[]) => xs.map((x) => ({ x, y: a * x ** b }));

describe("fitExponent", () => {
  it("finds the exponent of an exact power law, whatever its factor", () => {
    for (const [a, b] of [
      [3, 1.5],
      [0.2, 1],
      [40, 0.5],
    ] as const) {
      const fit = fitExponent(power(a, b, [7, 70, 300]));
      expect(fit.exponent).toBeCloseTo(b, 10);
      expect(fit.r2).toBeCloseTo(1, 10);
    }
  });

  it("is the least-squares slope on the logarithms when the points do not lie on one line", () => {
    // ln x = 0, 1, 2 and ln y = 0, 2, 3: slope Σ(dx·dy)/Σdx² = (−1·−5/3 + 1·4/3)/2 = 1.5
    const fit = fitExponent([
      { x: 1, y: 1 },
      { x: Math.E, y: Math.E ** 2 },
      { x: Math.E ** 2, y: Math.E ** 3 },
    ]);
    expect(fit.exponent).toBeCloseTo(1.5, 10);
    // residuals −1/6, 1/3, −1/6 (squares 1/6) against a spread of 14/3 in ln y: R² = 1 − (1/6)/(14/3)
    expect(fit.r2).toBeCloseTo(1 - 1 / 28, 10);
  });

  it("comes out below 1 for linear cost plus a fixed part, which is why the last step is given too", () => {
    const points = [7, 70, 700].map((x) => ({ x, y: 300 + 100 * x }));
    const [all, last] = [fitExponent(points).exponent, fitExponent(points.slice(-2)).exponent];
    expect(all).toBeLessThan(0.95);
    expect(last).toBeGreaterThan(0.95);
    expect(last).toBeLessThan(1);
  });

  it("refuses what has no exponent", () => {
    expect(() => fitExponent([{ x: 7, y: 1 }])).toThrow(/two sizes/);
    expect(() =>
      fitExponent([
        { x: 7, y: 1 },
        { x: 70, y: 0 },
      ]),
    ).toThrow(/positive/);
    expect(() =>
      fitExponent([
        { x: 7, y: 1 },
        { x: 7, y: 2 },
      ]),
    ).toThrow(/differ/);
  });
});

describe("withPaired", () => {
  it("divides and subtracts run by run, so its median is not the ratio of the medians", () => {
    const samples = new Map<MetricId, number[]>([
      ["synth.cli.wall", [1000, 4000, 3000]],
      ["synth.cli.node", [500, 2000, 1000]],
    ]);
    const paired = withPaired(samples);
    expect(paired.get("synth.cli.ratio")).toEqual([2, 2, 3]);
    expect(paired.get("synth.cli.net")).toEqual([500, 2000, 2000]);
    // medians: 2 paired, against 3000 / 1000 = 3 unpaired
    expect(paired.get("synth.cli.wall")).toEqual([1000, 4000, 3000]);
    expect(paired.has("validate.cli.ratio")).toBe(false);
  });

  it("pairs an in-process time with the Node start of its run: a ratio, no difference", () => {
    const paired = withPaired(
      new Map<MetricId, number[]>([
        ["synth.ms", [600, 900]],
        ["synth.cli.node", [200, 150]],
      ]),
    );
    expect(paired.get("synth.ms.ratio")).toEqual([3, 6]);
    expect(paired.has("synth.cli.net")).toBe(false);
  });

  it("refuses pairs whose runs do not match", () => {
    const samples = new Map<MetricId, number[]>([
      ["validate.cli.wall", [400, 500]],
      ["validate.cli.node", [100]],
    ]);
    expect(() => withPaired(samples)).toThrow(/2 runs but validate.cli.node 1/);
  });
});

const info = (tenants: number, workplaceVms: number): SizeInfo => ({
  tenants,
  workplaceVms,
  vms: workplaceVms,
  stacks: tenants * 2,
  segments: tenants * 8,
});

/**
 * A measured size whose commands cost `synth` and `validate` Node starts beyond their own (their
 * paired ratios are one more), and whose in-process synth costs half the command's.
 */
const size = (id: SizeId, i: SizeInfo, synth: number, validate: number) => ({
  id,
  info: i,
  median: (m: MetricId) =>
    m === "synth.cli.ratio"
      ? synth + 1
      : m === "validate.cli.ratio"
        ? validate + 1
        : m === "synth.ms.ratio"
          ? synth / 2
          : undefined,
});

describe("fitSeries and the growth targets", () => {
  const measured = [
    size("reference", info(7, 323), 7, 5),
    size("tenants-70", info(70, 3000), 70, 20),
    // 70 → 300 grows with exponent 1.2
    size("tenants-300", info(300, 13000), 70 * (300 / 70) ** 1.2, 60),
    size("workplaces-1k", info(7, 1000), 10, 5),
    size("workplaces-10k", info(7, 10000), 100, 6),
  ];
  const fits = fitSeries(measured);

  it("fits each command in tenants against the tenant count, in VMs against the workplace VMs", () => {
    const synthTenants = fits.find((f) => f.series === "tenants" && f.what.startsWith("`irvn synth`"))!;
    expect(synthTenants.points.map((p) => p.x)).toEqual([7, 70, 300]);
    // the paired ratio less the Node start itself
    expect(synthTenants.points[0]!.y).toBeCloseTo(7, 10);
    expect(synthTenants.lastStep).toBeCloseTo(1.2, 2);
    expect(synthTenants.exponent).toBeGreaterThan(1);
    expect(synthTenants.exponent).toBeLessThan(1.2);
    const synthVms = fits.find((f) => f.series === "vms" && f.what.startsWith("`irvn synth`"))!;
    // two sizes of the series measured (a partial run): the fit is their step
    expect(synthVms.points.map((p) => p.x)).toEqual([1000, 10000]);
    expect(synthVms.exponent).toBeCloseTo(1, 2);
    // in-process: the ratio as it is, half the command's cost here, so the same exponent
    const inProcess = fits.find((f) => f.series === "tenants" && f.what === "synthesize, in-process")!;
    expect(inProcess.points[0]!.y).toBeCloseTo(3.5, 10);
    expect(inProcess.exponent).toBeCloseTo(synthTenants.exponent, 2);
    expect(fits.map((f) => `${f.series} ${f.what}`)).toEqual([
      "tenants `irvn validate` − node start",
      "tenants `irvn synth` − node start",
      "tenants synthesize, in-process",
      "vms `irvn validate` − node start",
      "vms `irvn synth` − node start",
      "vms synthesize, in-process",
    ]);
  });

  it("leaves out a series with fewer than two of its sizes measured", () => {
    expect(fitSeries(measured.slice(0, 1).concat(measured.slice(3, 4)))).toEqual([]);
  });

  it("checks each fit and, with three sizes, its last step against 1.1", () => {
    const growth = checkTargets([], fits).filter((t) => t.target.startsWith("growth"));
    const synthTenants = growth.filter(
      (t) => t.target === "growth exponent in tenants ≤ 1.1" && t.measured.startsWith("`irvn synth`"),
    );
    expect(synthTenants.map((t) => [t.value, t.met])).toEqual([
      [fits.find((f) => f.series === "tenants" && f.what.startsWith("`irvn synth`"))!.exponent, true],
      [1.2, false],
    ]);
    // the VM series had two sizes: no separate last step
    expect(growth.filter((t) => t.target === "growth exponent in workplace VMs ≤ 1.1")).toHaveLength(2);
  });
});
