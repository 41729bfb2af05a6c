// `irvn synth`: validate, resolve the model, synthesize every stack into the output directory
// (atomically), and print a short summary.
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { buildApp } from "../../stacks/app.ts";
import { withoutTokenStackTraces } from "../../stacks/cdk.ts";
import { writeFiles } from "../../stacks/documents/files.ts";
import { bootstrapDocuments } from "../../stacks/documents/bootstrap.ts";
import { guestDocuments } from "../../stacks/documents/guest.ts";
import { inputDocuments } from "../../stacks/documents/inputs.ts";
import { networkDocuments } from "../../stacks/documents/network.ts";
import { zoneDocuments } from "../../stacks/documents/zones.ts";
import { loadModel } from "../../stacks/model/index.ts";
import type { RawConfig } from "../../stacks/model/load.ts";
import type { Model } from "../../stacks/model/model.ts";
import { atProblem } from "../../stacks/model/timeline.ts";
import { parseOptions } from "../args.ts";
import { blocksOf } from "../diff/instances.ts";
import { type Command, EXIT, UsageError } from "../io.ts";
import { checkOutDir, replaceDirectory, SYNTH_OUTPUT } from "../output-dir.ts";
import { problemReport } from "../report.ts";

const HELP = `usage: irvn synth [--config DIR] [--out DIR] [--at WAVE|YYYY-MM-DD]

Validates the configuration (default: config), then writes one Terraform JSON stack per layer
to DIR/stacks/<stack>/cdk.tf.json (default DIR: cdktf.out) with DIR/manifest.json, and the
documents to DIR/docs/ (IP plans, zone policy and firewall rule table, input reports, guest
customization, first rollout). The output directory is replaced in one step: a failed or
interrupted synth leaves the previous output as it was. DIR must be a directory of its own:
synth refuses (exit 2) an empty DIR, the checkout or a directory holding it, the configuration
directory or anything in it, .git, a file, and a directory it did not write (it marks its own
with .irvn-output).

  --at WAVE|DATE   the environment as it stands after that wave of migration.yaml, or on that
                   date; without --at, the target: every wave done

Exit codes: 0 written, 1 invalid configuration, 2 usage error.
`;

export interface StackSummary {
  readonly name: string;
  /** Resource and data blocks. */
  readonly blocks: number;
  /** Instances once for_each is expanded. */
  readonly instances: number;
}

export type SynthResult =
  | { ok: true; stacks: StackSummary[] }
  /** `usage` when `at` was not understood (exit 2), else invalid configuration (exit 1). */
  | { ok: false; report: string; usage?: boolean };

/** Writes every stack and document of a model into `dir` (which must not exist yet). */
export function generate(model: Model, config: RawConfig, dir: string): void {
  const documents = [
    ...networkDocuments(model),
    ...zoneDocuments(model),
    ...inputDocuments(model, config),
    ...guestDocuments(model),
    ...bootstrapDocuments(model, config.region),
  ];
  withoutTokenStackTraces(() => buildApp(model, dir).synth());
  writeFiles(dir, documents);
}

export async function synthesize(opts: {
  configDir: string;
  outDir: string;
  cwd: string;
  /** A wave id or YYYY-MM-DD; the target (every wave done) when absent. */
  at?: string;
  /** Where to say that this run waits for another one writing the same directory. */
  say?: (text: string) => void;
}): Promise<SynthResult> {
  const outDir = checkOutDir(opts.outDir, { cwd: opts.cwd, configDir: opts.configDir, writes: SYNTH_OUTPUT });
  const loaded = loadModel(resolve(opts.cwd, opts.configDir), opts.cwd, opts.at);
  if (!loaded.ok) {
    return "usage" in loaded
      ? { ok: false, report: `${loaded.usage}\n`, usage: true }
      : { ok: false, report: problemReport(loaded.problems) };
  }
  // written to a sibling directory first: a failure leaves the previous output as it was
  await replaceDirectory(outDir, { say: opts.say ?? (() => undefined) }, (tmp) =>
    generate(loaded.model, loaded.config, tmp),
  );
  return { ok: true, stacks: summarize(outDir) };
}

function summarize(outDir: string): StackSummary[] {
  const manifest = JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return Object.entries(manifest.stacks)
    .map(([name, s]) => {
      const tf = JSON.parse(readFileSync(join(outDir, s.synthesizedStackPath), "utf8")) as Record<
        string,
        unknown
      >;
      const blocks = blocksOf(tf);
      const instances = [...blocks.values()].reduce((n, b) => n + b.items.size, 0);
      return { name, blocks: blocks.size, instances };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const synth: Command = async (argv, io) => {
  const { values } = parseOptions(argv, {
    config: { type: "string", default: "config" },
    out: { type: "string", default: "cdktf.out" },
    at: { type: "string" },
    help: { type: "boolean" },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const atWrong = values.at === undefined ? undefined : atProblem(values.at);
  if (atWrong) throw new UsageError(atWrong);
  const started = performance.now();
  const result = await synthesize({
    configDir: values.config,
    outDir: values.out,
    cwd: io.cwd,
    say: io.stderr,
    ...(values.at === undefined ? {} : { at: values.at }),
  });
  if (!result.ok) {
    io.stderr(result.usage ? `irvn synth: ${result.report}` : result.report);
    return result.usage ? EXIT.usage : EXIT.invalid;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const shown = relative(io.cwd, resolve(io.cwd, values.out)) || ".";
  io.stdout(
    `synthesized ${result.stacks.length} stack${result.stacks.length === 1 ? "" : "s"} to ${shown}/ in ${seconds} s\n`,
  );
  // as wide as the longest name: `applications-mook-en-middelaar` is 30 characters
  const width = Math.max(0, ...result.stacks.map((s) => s.name.length));
  for (const s of result.stacks) {
    io.stdout(
      `  ${s.name.padEnd(width)} ${String(s.blocks).padStart(4)} resources, ${String(s.instances).padStart(6)} instances\n`,
    );
  }
  return EXIT.ok;
};
