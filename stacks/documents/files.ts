// Generated documents: a relative path and its text, written beside the stacks by synth.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface GeneratedFile {
  /** Relative to the output directory, with forward slashes. */
  readonly path: string;
  readonly text: string;
}

export function writeFiles(outDir: string, files: readonly GeneratedFile[]): void {
  // each directory made once: a recursive mkdir walks every level of the path again
  const made = new Set<string>();
  for (const file of files) {
    const path = join(outDir, file.path);
    const dir = dirname(path);
    if (!made.has(dir)) mkdirSync(dir, { recursive: true });
    made.add(dir);
    writeFileSync(path, file.text);
  }
}
