// Entry point for the cdktf CLI (`cdktf synth` runs the `app` command of cdktf.json). The irvn
// CLI does not use it: `irvn synth` validates, writes atomically and summarises.
import { resolveModel } from "./model/model.ts";
import { formatProblem } from "./model/problems.ts";
import { validateConfig } from "./model/validate.ts";
import { buildApp } from "./app.ts";

const validated = validateConfig(process.env.IRVN_CONFIG ?? "config");
if (!validated.config) {
  for (const p of validated.problems) process.stderr.write(formatProblem(p) + "\n");
  process.exitCode = 1;
} else {
  buildApp(resolveModel(validated.config), process.env.CDKTF_OUTDIR ?? "cdktf.out").synth();
}
