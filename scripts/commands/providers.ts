// `irvn providers lock`: record provider checksums for every platform the team runs terraform on,
// in lock files committed under providers/locks/ (cdktf.out/ is generated and not committed).
import { mkdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { removeLeftoverTemps, snapshot } from "../atomic-file.ts";
import { withLock } from "../file-lock.ts";
import { parseOptions } from "../args.ts";
import { type Command, EXIT, UsageError } from "../io.ts";
import * as terraform from "../terraform/commands.ts";
import {
  checkSynthOutDir,
  DEFAULT_CONFIG_DIR,
  DEFAULT_OUT_DIR,
  loadStacks,
  preflight,
  stackBlock,
  synthesizeFirst,
} from "../terraform/command-support.ts";
import { explainFailure } from "../terraform/failures.ts";
import {
  committedLockFile,
  copyLockIntoStack,
  DEFAULT_PLATFORMS,
  LOCKS_DIR,
  saveLockFromStack,
} from "../terraform/provider-locks.ts";
import { secretMask } from "../terraform/secrets.ts";
import { readStackConfig, requiredProviders } from "../terraform/stack-config.ts";

const HELP = `usage: irvn providers lock [--fs-mirror DIR | --net-mirror URL] [--platform OS_ARCH…]
                           [--stack GLOB…] [--skip-synth] [--out DIR] [--config DIR]

Synthesizes the configuration, then runs \`terraform providers lock\` in every stack that needs
providers and keeps the result as ${LOCKS_DIR}/<stack>.terraform.lock.hcl. Commit these files:
\`irvn plan\` and \`irvn apply\` copy them into the stacks before \`terraform init\`, which then
refuses a provider build whose checksum does not match.

options:
  --fs-mirror DIR     take the providers from this filesystem mirror instead of their registry
                      (for air-gapped sites; fill it with \`terraform providers mirror\`)
  --net-mirror URL    take the providers from this network mirror instead of their registry
  --platform OS_ARCH  record checksums for this platform (repeatable; default
                      ${DEFAULT_PLATFORMS.join(", ")})
  --stack GLOB        lock only the stacks whose names match (repeatable)
  --skip-synth        use the output directory as it is
  --out DIR           the cdktf output directory (default ${DEFAULT_OUT_DIR})
  --config DIR        the configuration directory (default ${DEFAULT_CONFIG_DIR})

Exit codes: 0 locked, 1 a stack failed, 2 usage error.
`;

export const providers: Command = async (argv, io) => {
  const { values, positionals } = parseOptions(
    argv,
    {
      "fs-mirror": { type: "string" },
      "net-mirror": { type: "string" },
      platform: { type: "string", multiple: true },
      stack: { type: "string", multiple: true },
      "skip-synth": { type: "boolean" },
      out: { type: "string", default: DEFAULT_OUT_DIR },
      config: { type: "string", default: DEFAULT_CONFIG_DIR },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1 || positionals[0] !== "lock") {
    throw new UsageError(
      `expected the subcommand \`lock\`${positionals.length > 0 ? ` (got "${positionals.join(" ")}")` : ""}`,
    );
  }
  if (values["fs-mirror"] !== undefined && values["net-mirror"] !== undefined) {
    throw new UsageError("give either --fs-mirror or --net-mirror, not both");
  }

  if (!values["skip-synth"]) checkSynthOutDir(io, values.config, values.out);
  if ((await preflight(io, "providers")) === undefined) return EXIT.error;
  if (!values["skip-synth"] && (await synthesizeFirst(io, values.config, values.out)) !== "ok")
    return EXIT.invalid;
  const stacks = await loadStacks(io, "providers", values.out, values.stack ?? []);
  if (stacks === undefined) return EXIT.error;
  const mask = secretMask(io.env);
  const options = {
    platforms: values.platform ?? DEFAULT_PLATFORMS,
    // terraform runs in the stack directory: a relative mirror path is the caller's, not the stack's.
    ...(values["fs-mirror"] === undefined ? {} : { fsMirror: resolve(io.cwd, values["fs-mirror"]) }),
    ...(values["net-mirror"] === undefined ? {} : { netMirror: values["net-mirror"] }),
  };

  // the committed lock files are written one run at a time, each only over what it started from
  const locks = join(io.cwd, LOCKS_DIR);
  mkdirSync(locks, { recursive: true });
  return withLock(locks, { what: LOCKS_DIR, waiting: io.stderr }, async () => {
    let failed = 0;
    for (const [i, stack] of stacks.selected.entries()) {
      const progress = `[${i + 1}/${stacks.selected.length}] ${stack.name}`;
      if (requiredProviders(await readStackConfig(stack.configFile)).length === 0) {
        io.stdout(`${progress}: needs no providers, no lock file\n`);
        continue;
      }
      const committed = committedLockFile(io.cwd, stack.name);
      removeLeftoverTemps(committed);
      const before = snapshot(committed);
      try {
        // Start from the committed checksums: terraform adds to them rather than starting over.
        await copyLockIntoStack(io.cwd, stack);
        const output = await terraform.providersLock({ cwd: stack.dir, env: io.env }, options);
        const saved = await saveLockFromStack(io.cwd, stack, before);
        io.stdout(stackBlock(`${progress}: locked in ${relative(io.cwd, saved)}`, mask(output.stdout)));
      } catch (err) {
        failed++;
        const message = explainFailure(err, stack.name, stack.dir).message;
        const hint = /not available for|Could not retrieve providers for locking/.test(message)
          ? "\n\nA mirror must hold the provider for every --platform; leave out the platforms it lacks."
          : "";
        io.stderr(stackBlock(`${progress}: FAILED`, mask(message + hint)));
      }
    }
    return failed > 0 ? EXIT.error : EXIT.ok;
  });
};
