#!/usr/bin/env node
// Entry point of `npx irvn`. Runs the bundle in dist/ (built by `npm ci`) while it is newer than
// every source file and template; otherwise registers tsx and runs the TypeScript sources as they are, so an
// edited checkout never runs stale code (`npm run build` makes it fast again).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
const bundle = join(root, "dist", "cli.js");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|hbs)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    const built = statSync(bundle).mtimeMs;
    return ["stacks", "scripts", "templates"].every((dir) => newestSource(join(root, dir)) <= built);
  } catch {
    return false;
  }
}

// A closed pipe (`irvn validate | head`) is the reader's choice, not an error to report.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}
process.env.CHECKPOINT_DISABLE = "1";

let main, exitOnSignals;
if (bundleIsFresh()) {
  ({ main, exitOnSignals } = await import(bundle));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main, exitOnSignals } = await import("../cli.ts"));
}
// Ctrl-C and a pipeline's cancel: say so, remove temporary files, exit 130 or 143
exitOnSignals(process.argv[2] ?? "", (text) => process.stderr.write(text));
process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
