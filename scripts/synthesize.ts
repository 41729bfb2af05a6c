// Synthesizing into an output directory, for irvn synth, plan, diff and the migration walk:
// every stack and document of a model written (atomically, when replacing an output directory),
// and a short count of what each stack holds.
import { resolve } from "node:path";
import { buildApp } from "../stacks/app.ts";
import { writeFiles } from "../stacks/documents/files.ts";
import { synthDocuments } from "../stacks/documents/index.ts";
import { loadModel, type Model } from "../stacks/model/index.ts";
import { blocksOf } from "./terraform-json/blocks.ts";
import { checkOutDir, replaceDirectory, SYNTH_OUTPUT } from "./output-dir.ts";
import { problemReport } from "./report.ts";

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
export function generate(model: Model, dir: string): StackSummary[] {
  const documents = synthDocuments(model);
  const stacks = buildApp(model, dir).synth();
  writeFiles(dir, documents);
  return summarize(stacks);
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
  let stacks: StackSummary[] = [];
  await replaceDirectory(outDir, { say: opts.say ?? (() => undefined) }, (tmp) => {
    stacks = generate(loaded.model, tmp);
  });
  return { ok: true, stacks };
}

function summarize(written: ReadonlyMap<string, Record<string, unknown>>): StackSummary[] {
  return [...written]
    .map(([name, tf]) => {
      const blocks = blocksOf(tf);
      const instances = [...blocks.values()].reduce((n, b) => n + b.items.size, 0);
      return { name, blocks: blocks.size, instances };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}
