// The floor: the least any generator of the same output could do. Plain JavaScript run by plain
// `node` (no tsx loader, no TypeScript, no cdktf): start Node, read a file that holds the output
// already built (every stack as a JSON object, every document as text), JSON.parse it, then
// JSON.stringify each stack (2-space indent, as cdktf writes) and write every file to disk.
// Prints one JSON line like child.ts: phases "read" (read + parse) and "write" (stringify + write).
//
//   node scripts/bench/floor.mjs INPUT.json OUT_DIR
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";

const [input, outDir] = process.argv.slice(2);
const startupMs = performance.now();
let t0 = performance.now();
/** @type {Record<string, unknown>} relative path → parsed JSON document or document text */
const files = JSON.parse(readFileSync(input, "utf8"));
const read = performance.now() - t0;
t0 = performance.now();
rmSync(outDir, { recursive: true, force: true });
for (const [path, content] of Object.entries(files)) {
  const target = join(outDir, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, typeof content === "string" ? content : JSON.stringify(content, null, 2));
}
const write = performance.now() - t0;
const report = { phases: { read, write }, startupMs, maxRssKb: process.resourceUsage().maxRSS };
process.stdout.write(`${JSON.stringify(report)}\n`);
