// The `irvn` command line: dispatch to one module per command, loaded on demand so that
// `validate` never pays for loading cdktf. Exit codes: 0 ok, 1 invalid or failed, 2 usage
// (and, for plan and diff, "changes present").
import { Interrupted, yieldToSignals } from "./cleanup.ts";
import { type Command, type CommandIo, EXIT, Failure, UsageError } from "./io.ts";
import { describeSystemError, isSystemError } from "./system-errors.ts";
import { secretMask } from "./terraform/secrets.ts";

export { exitOnSignals } from "./cleanup.ts";

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  validate: {
    summary: "check the configuration: shape, references, dates, capacity",
    load: async () => (await import("./commands/validate.ts")).validate,
  },
  ipam: {
    summary: "allocate addresses and VLANs for new items into config/ipam.lock.yaml (--check for CI)",
    load: async () => (await import("./commands/ipam.ts")).ipam,
  },
  synth: {
    summary: "validate, then write the Terraform stacks and documents to cdktf.out/",
    load: async () => (await import("./commands/synth.ts")).synth,
  },
  migrate: {
    summary:
      "`migrate plan`: what each wave changes, with runbooks; `migrate test`: prove the migration's invariants",
    load: async () => (await import("./commands/migrate.ts")).migrate,
  },
  diff: {
    summary: "what a change does to the generated configuration, per municipality, between two git refs",
    load: async () => (await import("./commands/diff.ts")).diff,
  },
  plan: {
    summary: "synth, then terraform init/plan/show per stack in dependency order; saved plans and a summary",
    load: async () => (await import("./commands/plan.ts")).plan,
  },
  apply: {
    summary: "apply the saved plans of the last `irvn plan`, refusing stale plans and unapproved destroys",
    load: async () => (await import("./commands/apply.ts")).apply,
  },
  providers: {
    summary: "`providers lock`: provider lock files from a mirror, for air-gapped sites",
    load: async () => (await import("./commands/providers.ts")).providers,
  },
  inventory: {
    summary: "read a tenant's legacy vCenter into config/inventory/<tenant>.yaml, for the VMs it adopts",
    load: async () => (await import("./commands/inventory.ts")).inventory,
  },
};

export const COMMAND_NAMES = Object.keys(COMMANDS);

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    "usage: irvn <command> [options]",
    "",
    "commands:",
    ...lines,
    "",
    "Run `irvn <command> --help` for the options of one command.",
  ].join("\n");
}

export async function main(argv: string[], unmasked: CommandIo): Promise<number> {
  // whatever a command prints passes the mask: a value quoted back from a file or an error never
  // shows a credential from the environment
  const mask = secretMask(unmasked.env);
  const io: CommandIo = {
    ...unmasked,
    stdout: (text) => unmasked.stdout(mask(text)),
    stderr: (text) => unmasked.stderr(mask(text)),
  };
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.stderr : io.stdout)(usage() + "\n");
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`irvn: unknown command "${name}"\n\n${usage()}\n`);
    return EXIT.usage;
  }
  try {
    const code = await (await command.load())(rest, io);
    // a signal that came during the command's last synchronous steps still says so and exits 128+n
    await yieldToSignals();
    return code;
  } catch (err) {
    // the signal handler is removing temporary files and ends the process with 128 + the signal
    if (err instanceof Interrupted) return EXIT.error;
    if (err instanceof UsageError) {
      io.stderr(`irvn ${name}: ${err.message}\nRun \`irvn ${name} --help\` for the options.\n`);
      return EXIT.usage;
    }
    if (isSystemError(err) || err instanceof Failure) {
      const message = err instanceof Failure ? err.message : describeSystemError(err, io.cwd);
      io.stderr(`irvn ${name}: ${message}\n`);
      return EXIT.error;
    }
    // An unexpected failure is a bug: say so plainly, keep the detail for the report.
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    io.stderr(
      `irvn ${name}: internal error (this is a bug in irvn-iac; please report it with the lines below)\n${detail}\n`,
    );
    return EXIT.error;
  }
}
