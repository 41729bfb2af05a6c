// Entry point for the cdktf CLI (`cdktf synth` runs the `app` command of cdktf.json). The irvn
// CLI does not use it: `irvn synth` validates, writes atomically and summarises.
import { buildApp } from "./app.ts";
import { loadModel } from "./model/index.ts";
import { formatProblem, sortProblems } from "./model/problems.ts";

const loaded = loadModel(process.env.IRVN_CONFIG ?? "config");
if (!loaded.ok) {
  for (const p of sortProblems(loaded.problems)) process.stderr.write(formatProblem(p) + "\n");
  process.exitCode = 1;
} else {
  buildApp(loaded.model, process.env.CDKTF_OUTDIR ?? "cdktf.out").synth();
}
