// `irvn migrate plan|test`: the migration as a testable thing. `plan` shows what every wave
// changes and writes runbooks; `test` walks every transition and proves the invariants.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { writeFiles } from "../../stacks/documents/files.ts";
import { compare, loadModel } from "../../stacks/model/index.ts";
import { parseOptions } from "../args.ts";
import { type Command, type CommandIo, EXIT, UsageError } from "../io.ts";
import { INVARIANTS, type Violation } from "../migration/invariants.ts";
import { planDocuments } from "../migration/report.ts";
import { testMigration, walk } from "../migration/run.ts";
import { checkOutDir, MIGRATION_PLAN_OUTPUT, replaceDirectory } from "../output-dir.ts";
import { problemReport } from "../report.ts";

const HELP = `usage: irvn migrate plan [--wave WAVE] [--config DIR] [--out DIR] [--format md|json]
       irvn migrate test [--config DIR]

plan   synthesizes the environment before the first wave and after every wave of
       migration.yaml, and prints per transition (wave before → wave) the resource changes per
       municipality and stack: added, changed, replaced, removed. Writes plan.md (with a Mermaid
       Gantt chart of the waves), plan.json and a runbook per wave and municipality to
       DIR (default: migration-plan). --wave limits it to the transition into that wave.
test   walks every state and transition and checks the invariants:
${Object.entries(INVARIANTS)
  .map(([id, text]) => `         ${id.padEnd(15)} ${text}`)
  .join("\n")}
       Each failure names the wave, the municipality and the invariant.

Exit codes: 0 ok, 1 invalid configuration or an invariant violated, 2 usage error.
`;

function load(io: CommandIo, configDir: string) {
  const loaded = loadModel(resolve(io.cwd, configDir), io.cwd);
  if (!loaded.ok) {
    io.stderr(problemReport(loaded.problems));
    return undefined;
  }
  return loaded;
}

function withScratch<T>(run: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "irvn-migrate-"));
  try {
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function plan(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseOptions(argv, {
    wave: { type: "string" },
    config: { type: "string", default: "config" },
    out: { type: "string", default: "migration-plan" },
    format: { type: "string", default: "md" },
  });
  if (values.format !== "md" && values.format !== "json")
    throw new UsageError(`--format must be md or json (got "${values.format}")`);
  const out = checkOutDir(values.out, {
    cwd: io.cwd,
    configDir: values.config,
    writes: MIGRATION_PLAN_OUTPUT,
  });
  const loaded = load(io, values.config);
  if (!loaded) return EXIT.invalid;
  const waves = loaded.model.waves.map((w) => w.id);
  if (values.wave !== undefined && !waves.includes(values.wave)) {
    throw new UsageError(
      `--wave ${JSON.stringify(values.wave)} is not a wave of migration.yaml (${waves.join(", ")})`,
    );
  }
  const files = withScratch((scratch) => planDocuments(loaded.model, walk(loaded, scratch), values.wave));
  await replaceDirectory(out, { say: io.stderr }, (tmp) => writeFiles(tmp, files));
  io.stdout(files.find((f) => f.path === (values.format === "md" ? "plan.md" : "plan.json"))!.text);
  io.stderr(`irvn migrate plan: wrote ${files.length} files to ${relative(io.cwd, out) || "."}/\n`);
  return EXIT.ok;
}

function formatViolation(v: Violation): string {
  return `wave ${v.wave}  ${v.owner}  ${v.invariant}: ${v.message}`;
}

async function test(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseOptions(argv, { config: { type: "string", default: "config" } });
  const loaded = load(io, values.config);
  if (!loaded) return EXIT.invalid;
  const result = withScratch((scratch) => testMigration(loaded, scratch));
  const { states, transitions } = result.walk;
  io.stdout(
    `walked ${states.length} states (before the first wave, then ${states.length - 1} waves) and ${transitions.length} transitions\n`,
  );
  for (const id of result.invariants) {
    const failed = result.violations.filter((v) => v.invariant === id).length;
    io.stdout(
      `  ${failed === 0 ? "ok  " : "FAIL"}  ${id.padEnd(15)} ${INVARIANTS[id]}${failed ? ` (${failed})` : ""}\n`,
    );
  }
  if (result.violations.length === 0) return EXIT.ok;
  const order = Object.keys(INVARIANTS);
  const waveOrder = states.map((s) => s.step.id);
  const sorted = [...result.violations].sort(
    (a, b) =>
      waveOrder.indexOf(a.wave) - waveOrder.indexOf(b.wave) ||
      compare(a.owner, b.owner) ||
      order.indexOf(a.invariant) - order.indexOf(b.invariant) ||
      compare(a.message, b.message),
  );
  io.stderr(
    `${sorted.map(formatViolation).join("\n")}\n${sorted.length} violation${sorted.length === 1 ? "" : "s"}\n`,
  );
  return EXIT.invalid;
}

export const migrate: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h") {
    (sub === undefined ? io.stderr : io.stdout)(HELP);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  if (rest.includes("--help")) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (sub === "plan") return plan(rest, io);
  if (sub === "test") return test(rest, io);
  throw new UsageError(`unknown subcommand "${sub}": use plan or test`);
};
