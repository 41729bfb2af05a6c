// Synthesizing into an output directory, for irvn synth, plan, diff and the migration walk:
// every stack and document of a model written (atomically, when replacing an output directory),
// and a short count of what each stack holds.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
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
export function generate(model: Model, dir: string): void {
  const documents = synthDocuments(model);
  buildApp(model, dir).synth();
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
    generate(loaded.model, tmp),
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
