// Bundles the CLI into dist/ (run by `npm ci` through the `prepare` script, and by `npm run
// build`): Node then loads plain JavaScript instead of compiling TypeScript through tsx at every
// start. Packages stay external; dynamic imports stay separate chunks, so `validate` still never
// loads cdktf. scripts/bin/irvn.js uses the bundle only while it is newer than every source.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
rmSync(join(root, "dist"), { recursive: true, force: true });
await build({
  entryPoints: [join(root, "scripts", "cli.ts")],
  outdir: join(root, "dist"),
  entryNames: "[name]",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
