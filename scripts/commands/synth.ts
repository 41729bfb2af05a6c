// `irvn synth`: validate, resolve the model, synthesize every stack into the output directory
// (atomically), and print a short summary.
import { relative, resolve } from "node:path";
import { atProblem } from "../../stacks/model/index.ts";
import { parseOptions } from "../args.ts";
import { type Command, EXIT, UsageError } from "../io.ts";
import { synthesize } from "../synthesize.ts";

const HELP = `usage: irvn synth [--config DIR] [--out DIR] [--at WAVE|YYYY-MM-DD]

Validates the configuration (default: config), then writes one Terraform JSON stack per layer
to DIR/stacks/<stack>/cdk.tf.json (default DIR: cdktf.out) with DIR/manifest.json, and the
documents to DIR/docs/ (IP plans, zone policy and firewall rule table, input reports, guest
customization, first rollout). The output directory is replaced in one step: a failed or
interrupted synth leaves the previous output as it was. DIR must be a directory of its own:
synth refuses (exit 2) an empty DIR, the checkout or a directory holding it, the configuration
directory or anything in it, .git, a file, and a directory it did not write (it marks its own
with .irvn-output).

  --at WAVE|DATE   the environment as it stands after that wave of migration.yaml, or on that
                   date; without --at, the target: every wave done

Exit codes: 0 written, 1 invalid configuration, 2 usage error.
`;

export const synth: Command = async (argv, io) => {
  const { values } = parseOptions(argv, {
    config: { type: "string", default: "config" },
    out: { type: "string", default: "cdktf.out" },
    at: { type: "string" },
    help: { type: "boolean" },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const atWrong = values.at === undefined ? undefined : atProblem(values.at);
  if (atWrong) throw new UsageError(atWrong);
  const started = performance.now();
  const result = await synthesize({
    configDir: values.config,
    outDir: values.out,
    cwd: io.cwd,
    say: io.stderr,
    ...(values.at === undefined ? {} : { at: values.at }),
  });
  if (!result.ok) {
    io.stderr(result.usage ? `irvn synth: ${result.report}` : result.report);
    return result.usage ? EXIT.usage : EXIT.invalid;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const shown = relative(io.cwd, resolve(io.cwd, values.out)) || ".";
  io.stdout(
    `synthesized ${result.stacks.length} stack${result.stacks.length === 1 ? "" : "s"} to ${shown}/ in ${seconds} s\n`,
  );
  // as wide as the longest name: `applications-mook-en-middelaar` is 30 characters
  const width = Math.max(0, ...result.stacks.map((s) => s.name.length));
  for (const s of result.stacks) {
    io.stdout(
      `  ${s.name.padEnd(width)} ${String(s.blocks).padStart(4)} resources, ${String(s.instances).padStart(6)} instances\n`,
    );
  }
  return EXIT.ok;
};
