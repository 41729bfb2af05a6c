// `irvn synth`: validate, resolve the model, synthesize every stack into the output directory
// (atomically), and print a short summary.
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { writeFiles } from "../../stacks/documents/files.ts";
import { inputDocuments } from "../../stacks/documents/inputs.ts";
import { networkDocuments } from "../../stacks/documents/network.ts";
import { loadModel } from "../../stacks/model/index.ts";
import { parseOptions } from "../args.ts";
import { type Command, EXIT } from "../io.ts";
import { replaceDirectory } from "../output-dir.ts";
import { problemReport } from "../report.ts";

const HELP = `usage: irvn synth [--config DIR] [--out DIR]

Validates the configuration (default: config), then writes one Terraform JSON stack per layer
to DIR/stacks/<stack>/cdk.tf.json (default DIR: cdktf.out) with DIR/manifest.json. The output
directory is replaced in one step: a failed synth leaves the previous output as it was.

Exit codes: 0 written, 1 invalid configuration, 2 usage error.
`;

export interface StackSummary {
  readonly name: string;
  /** Resource and data blocks. */
  readonly blocks: number;
  /** Instances once for_each is expanded. */
  readonly instances: number;
}

export type SynthResult = { ok: true; stacks: StackSummary[] } | { ok: false; report: string };

export async function synthesize(opts: {
  configDir: string;
  outDir: string;
  cwd: string;
}): Promise<SynthResult> {
  const loaded = loadModel(resolve(opts.cwd, opts.configDir), opts.cwd);
  if (!loaded.ok) return { ok: false, report: problemReport(loaded.problems) };
  const { model } = loaded;
  const { buildApp } = await import("../../stacks/app.ts");
  const documents = [...networkDocuments(model), ...inputDocuments(model, loaded.config)];
  const outDir = resolve(opts.cwd, opts.outDir);
  replaceDirectory(outDir, (tmp) => {
    buildApp(model, tmp).synth();
    writeFiles(tmp, documents);
  });
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
      let blocks = 0;
      let instances = 0;
      for (const section of ["resource", "data"]) {
        for (const byName of Object.values(
          (tf[section] ?? {}) as Record<string, Record<string, { for_each?: unknown }>>,
        )) {
          for (const block of Object.values(byName)) {
            blocks += 1;
            const each = block.for_each;
            instances += each && typeof each === "object" ? Object.keys(each).length : 1;
          }
        }
      }
      return { name, blocks, instances };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const synth: Command = async (argv, io) => {
  const { values } = parseOptions(argv, {
    config: { type: "string", default: "config" },
    out: { type: "string", default: "cdktf.out" },
    help: { type: "boolean" },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const started = performance.now();
  const result = await synthesize({ configDir: values.config, outDir: values.out, cwd: io.cwd });
  if (!result.ok) {
    io.stderr(result.report);
    return EXIT.invalid;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const shown = relative(io.cwd, resolve(io.cwd, values.out)) || ".";
  io.stdout(
    `synthesized ${result.stacks.length} stack${result.stacks.length === 1 ? "" : "s"} to ${shown}/ in ${seconds} s\n`,
  );
  for (const s of result.stacks) {
    io.stdout(
      `  ${s.name.padEnd(24)} ${String(s.blocks).padStart(4)} resources, ${String(s.instances).padStart(6)} instances\n`,
    );
  }
  return EXIT.ok;
};
