// Bundling with esbuild, the same way for the CLI (scripts/build.ts) and the benchmark's child:
// Node then loads plain JavaScript instead of compiling TypeScript through tsx at every start.
// Dynamic imports stay separate chunks: a command's modules are loaded only when it runs.
import { build } from "esbuild";
import { rmSync } from "node:fs";

export async function bundle(entry: string, outdir: string): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [entry],
    outdir,
    entryNames: "[name]",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // packages are bundled too (Node then resolves and loads a few files instead of hundreds);
    // the CommonJS ones among them need a require, which an ES module lacks
    banner: {
      js: 'import { createRequire as __irvnRequire } from "node:module"; const require = __irvnRequire(import.meta.url);',
    },
    logLevel: "warning",
  });
}
