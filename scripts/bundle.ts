// Bundling with esbuild, the same way for the CLI (scripts/build.ts) and the benchmark's child:
// Node then loads plain JavaScript instead of compiling TypeScript through tsx at every start,
// and the templates come precompiled. Dynamic imports stay separate chunks: a command's modules
// are loaded only when it runs.
import { build, type Plugin } from "esbuild";
import Handlebars from "handlebars";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { COMPILE_OPTIONS } from "../templates/compiled.ts";

const TEMPLATES = join(import.meta.dirname, "..", "templates");

/** templates/compiled.ts with its table filled: every .hbs precompiled, by name. */
const precompiledTemplates: Plugin = {
  name: "precompiled-templates",
  setup(build) {
    build.onLoad({ filter: /[\\/]templates[\\/]compiled\.ts$/ }, (args) => {
      const files = readdirSync(TEMPLATES, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".hbs"))
        .sort();
      const table = files.map((file) => {
        const name = relative(TEMPLATES, join(TEMPLATES, file.slice(0, -".hbs".length)))
          .split("\\")
          .join("/");
        const spec = Handlebars.precompile(readFileSync(join(TEMPLATES, file), "utf8"), COMPILE_OPTIONS);
        return `${JSON.stringify(name)}: ${String(spec)}`;
      });
      const source = readFileSync(args.path, "utf8");
      const empty = "> | undefined = undefined;";
      if (source.split(empty).length !== 2) throw new Error(`${args.path}: no "${empty}" to fill`);
      return {
        contents: source.replace(empty, `> | undefined = {${table.join(",\n")}};`),
        loader: "ts",
        watchFiles: files.map((f) => join(TEMPLATES, f)),
      };
    });
  },
};

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
    plugins: [precompiledTemplates],
    // the templates come precompiled: handlebars' runtime renders them without its compiler
    alias: { handlebars: "handlebars/runtime" },
    logLevel: "warning",
  });
}
