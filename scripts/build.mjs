// Bundles the CLI into dist/ (run by `npm ci` through the `prepare` script, and by `npm run
// build`): Node then loads plain JavaScript instead of compiling TypeScript through tsx at every
// start. Dynamic imports stay separate chunks, so `validate` never loads cdktf (which
// stacks/cdk.ts loads with require, from node_modules). scripts/bin/irvn.js uses the bundle only
// while it is newer than every source.
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
  // packages are bundled too (Node then resolves and loads a few files instead of hundreds);
  // the CommonJS ones among them need a require, which an ES module lacks
  banner: {
    js: 'import { createRequire as __irvnRequire } from "node:module"; const require = __irvnRequire(import.meta.url);',
  },
  logLevel: "warning",
});
