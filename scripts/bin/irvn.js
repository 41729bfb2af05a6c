#!/usr/bin/env node
// Entry point of `npx irvn`: registers tsx so the TypeScript sources run as they are (no build
// step, no ts-node), then hands over to the CLI.
import { register } from "tsx/esm/api";

register();
// A closed pipe (`irvn validate | head`) is the reader's choice, not an error to report.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}
process.env.CHECKPOINT_DISABLE = "1";
const { main } = await import("../cli.ts");
const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exitCode = code;
