// Runs the irvn CLI in-process with captured output, or as a real process for the cases that
// need one (time zone, locale, the bin shim).
import { execa } from "execa";
import { join } from "node:path";
import { main } from "../../scripts/cli.ts";

export const ROOT = join(import.meta.dirname, "..", "..");
export const BIN = join(ROOT, "scripts", "bin", "irvn.js");

export async function runCli(argv: string[], cwd = ROOT) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    cwd,
    env: process.env,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

export async function runBin(argv: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = await execa("node", [BIN, ...argv], {
    cwd: opts.cwd ?? ROOT,
    env: { CHECKPOINT_DISABLE: "1", ...opts.env },
    reject: false,
  });
  return { code: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}
