// `irvn diff`: what a change does to the generated configuration, per municipality, between
// two git refs (or a ref and the working tree), with the risky parts flagged.
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseDocument } from "yaml";
import { atProblem, compare, TOP_FILES, unknownWave } from "../../stacks/model/index.ts";
import { parseOptions } from "../args.ts";
import { compareTrees } from "../diff/compare.ts";
import {
  changedFiles,
  fileAt,
  GitError,
  refLabel,
  repoRoot,
  resolveCommit,
  untrackedFiles,
} from "../diff/git.ts";
import { renderMarkdown } from "../diff/markdown.ts";
import { SynthFailed, synthSide } from "../diff/sides.ts";
import type { GeneratedTree } from "../terraform-json/tree.ts";
import { staleArtefacts, staleReport } from "../diff/artefacts-check.ts";
import { removeLeftovers, withScratch, withWorktree } from "../diff/worktree.ts";
import { type Command, type CommandIo, EXIT, UsageError } from "../io.ts";

const HELP = `usage: irvn diff --base REF [--head REF] [--format md|json] [--at WAVE]
       irvn diff --check

Synthesizes the configuration at REF (in a temporary git worktree, with that commit's own
code) and at --head (default: the working tree as it is, uncommitted changes included), then
compares the Terraform JSON, the IPAM lock and the rendered documents semantically: per
municipality and stack, resources and for_each items added, removed and changed, with the
changed attributes (old → new). Flags changes that force replacement, touch protected
resources, move IPAM allocations, or reach municipalities whose files did not change.
Secrets are masked.

options:
  --base REF        the commit, branch or tag to compare against (required)
  --head REF        the other side (default: the working tree)
  --format md|json  Markdown for a merge-request comment (default), or the report as JSON
  --at WAVE         synthesize both sides at a migration wave or date (passed to synth --at)
  --check           for CI: exit 1 when a committed generated file (config/ipam.lock.yaml) is
                    not what the configuration generates now; takes no other option

Exit codes: 0 no differences, 2 differences (or a usage error), 1 error.
`;

export const diff: Command = async (argv, io) => {
  const { values } = parseOptions(argv, {
    base: { type: "string" },
    head: { type: "string" },
    format: { type: "string", default: "md" },
    at: { type: "string" },
    check: { type: "boolean" },
    help: { type: "boolean" },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (values.check) {
    if (argv.length > 1) throw new UsageError("--check takes no other option: it checks the working tree");
    return checkArtefacts(io);
  }
  if (values.base === undefined)
    throw new UsageError("--base is required: the ref to compare against, e.g. --base origin/main");
  if (values.format !== "md" && values.format !== "json") {
    throw new UsageError(`--format must be md or json (got "${values.format}")`);
  }
  const atWrong = values.at === undefined ? undefined : atProblem(values.at);
  if (atWrong) throw new UsageError(atWrong);

  try {
    const repo = await repoRoot(io.cwd);
    await removeLeftovers(repo);
    const baseCommit = await resolveCommit(values.base, repo);
    const headCommit = values.head === undefined ? undefined : await resolveCommit(values.head, repo);
    const baseLabel = refLabel(values.base, baseCommit);
    const headLabel =
      values.head === undefined || headCommit === undefined
        ? "working tree"
        : refLabel(values.head, headCommit);
    if (values.at !== undefined) {
      await waveOnBothSides(repo, values.at, [
        [baseCommit, baseLabel],
        [headCommit, headLabel],
      ]);
    }
    io.stderr(`irvn diff: synthesizing ${baseLabel} and ${headLabel}\n`);

    const [base, head] = await withScratch(async (scratch) => {
      const inCheckout = <T>(commit: string | undefined, name: string, work: (dir: string) => Promise<T>) =>
        commit === undefined
          ? work(repo)
          : withWorktree(repo, commit, join(scratch, `${basename(scratch)}-${name}`), work);
      const side = (checkout: string, commit: string | undefined, name: string, sideLabel: string) =>
        synthSide(checkout, {
          label: sideLabel,
          isCommit: commit !== undefined,
          outDir: join(scratch, `${name}-out`),
          at: values.at,
          env: io.env,
        });
      // the worktrees one after the other (two `git worktree add` at once race on git's own
      // files), then both sides synthesized side by side
      return inCheckout(baseCommit, "base", (baseDir) =>
        inCheckout(headCommit, "head", (headDir) =>
          both(side(baseDir, baseCommit, "base", baseLabel), side(headDir, headCommit, "head", headLabel)),
        ),
      );
    });
    const files = [
      ...(await changedFiles(repo, baseCommit, headCommit, "config/")),
      ...(headCommit === undefined ? await untrackedFiles(repo, "config/") : []),
    ].sort(compare);

    const report = compareTrees(base, head, { baseLabel, headLabel, changedFiles: files });
    io.stdout(values.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report));
    return report.changed ? EXIT.changes : EXIT.ok;
  } catch (err) {
    if (err instanceof GitError || err instanceof SynthFailed) {
      io.stderr(`irvn diff: ${err.message}\n`);
      return EXIT.error;
    }
    throw err;
  }
};

/**
 * `--at WAVE` names a wave in the migration.yaml of both sides, before anything is synthesized
 * (a date is fine anywhere). A side whose migration.yaml does not parse is left to its synth.
 */
async function waveOnBothSides(
  repo: string,
  at: string,
  sides: readonly (readonly [commit: string | undefined, label: string])[],
): Promise<void> {
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return;
  for (const [commit, sideLabel] of sides) {
    const path = `config/${TOP_FILES.migration}`;
    const text =
      commit === undefined
        ? existsSync(join(repo, path))
          ? readFileSync(join(repo, path), "utf8")
          : undefined
        : await fileAt(repo, commit, path);
    const waves = text === undefined ? undefined : waveIds(text);
    if (waves && !waves.includes(at)) throw new UsageError(unknownWave(at, waves, `${path} in ${sideLabel}`));
  }
}

/** The wave ids of a migration.yaml, or undefined when it is not one that parses. */
function waveIds(text: string): string[] | undefined {
  try {
    const doc = parseDocument(text, { uniqueKeys: false });
    if (doc.errors.length > 0) return undefined;
    const waves = (doc.toJS({ maxAliasCount: 0 }) as { waves?: unknown } | null)?.waves;
    return waves && typeof waves === "object" && !Array.isArray(waves) ? Object.keys(waves) : undefined;
  } catch {
    return undefined;
  }
}

/** Both sides in parallel; waits for both before failing, so neither outlives its checkout. */
async function both(
  a: Promise<GeneratedTree>,
  b: Promise<GeneratedTree>,
): Promise<[GeneratedTree, GeneratedTree]> {
  const [x, y] = await Promise.allSettled([a, b]);
  if (x.status === "rejected") throw x.reason;
  if (y.status === "rejected") throw y.reason;
  return [x.value, y.value];
}

async function checkArtefacts(io: CommandIo): Promise<number> {
  const { ARTEFACTS } = await import("../artefacts.ts");
  try {
    const stale = await staleArtefacts(ARTEFACTS, "config", io.cwd);
    (stale.length > 0 ? io.stderr : io.stdout)(staleReport(stale, ARTEFACTS.length));
    return stale.length > 0 ? EXIT.error : EXIT.ok;
  } catch (err) {
    io.stderr(`irvn diff --check: ${(err as Error).message}`);
    return EXIT.error;
  }
}
