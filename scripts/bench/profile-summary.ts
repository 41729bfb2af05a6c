// Summarizes a V8 CPU profile (`node --cpu-prof`) the way results.md reports them: self time
// per package or project directory, and the functions with the most inclusive time.
//
//   node --import tsx scripts/bench/profile-summary.ts FILE.cpuprofile [TOP]
import { readFileSync } from "node:fs";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** `cdktf`, `@cdktf/provider-vsphere`, `stacks/model`, `node:internal`, or `(native)` for GC and idle. */
function owner(url: string): string {
  if (!url) return "(native: GC, idle, program)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node: (module loading, fs, …)";
  const local = /\/(stacks|scripts|templates)\/(?:([^/]+)\/)?/.exec(url);
  return local ? [local[1], local[2]].filter(Boolean).join("/") : url;
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url
    .replace(/^.*node_modules\//, "")
    .replace(/^file:\/\/.*?\/(stacks|scripts|templates)\//, "$1/");
  return `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`;
}

function summarize(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const node = byId.get(id)!;
    const group = owner(node.callFrame.url);
    self.set(group, (self.get(group) ?? 0) + dt);
    // each function once per sample, however deep it recurses
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = frameName(byId.get(at)!);
      if (seen.has(name) || name.startsWith("(root)")) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
    }
  });
  const rows = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([name, ms]) =>
          `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(0).padStart(3)}%  ${name}`,
      );
  return [
    `${total.toFixed(0)} ms sampled`,
    "self time by owner:",
    ...rows(self, 12),
    `inclusive time, top ${top}:`,
    ...rows(inclusive, top),
  ].join("\n");
}

const [file, top] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary.ts FILE.cpuprofile [TOP]");
process.stdout.write(`${summarize(JSON.parse(readFileSync(file, "utf8")) as Profile, Number(top ?? 25))}\n`);
