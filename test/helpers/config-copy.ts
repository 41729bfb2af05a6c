// Broken configurations as small patches on the reference: a case folder under
// test/fixtures/broken/<case>/ holds only what differs from config/, and is laid over a private
// copy of it in a temporary directory:
//
//   delete.txt      paths (relative to the copy's root, e.g. config/catalog.yaml) removed first
//   config/…        whole files added or replacing the reference ones (same layout as config/)
//   edits.json      text edits of the reference files: [{ "file", "find", "replace" }], `find`
//                   must occur exactly once; preferred over a whole copy, so that a case keeps
//                   testing what it tests when the reference configuration grows
//   generate.json   files too large or too odd to commit: [{ "file", "text", "repeat"? }],
//                   written as `text` repeated `repeat` times
//   expected.txt    the exact problem lines of `irvn validate`, sorted, paths relative to the root
//
// When the reference changes above an edit, line numbers in expected.txt move with it:
// IRVN_UPDATE_FIXTURES=1 npx vitest run test/validation/broken-fixtures.test.ts rewrites them
// (review the diff: only positions should change).
//
// validate runs in-process with the copy's root as working directory, so paths read
// `config/municipalities/druten.yaml` whatever the temporary directory is.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { formatProblem, type Problem, sortProblems } from "../../stacks/model/problems.ts";
import { validateConfig, type Validated } from "../../stacks/model/validate.ts";
import { ROOT } from "./cli.ts";
import { tempConfig, type TempConfig } from "./temp-config.ts";

export const BROKEN = join(ROOT, "test", "fixtures", "broken");

interface Edit {
  readonly file: string;
  readonly find: string;
  readonly replace: string;
}

interface Generated {
  readonly file: string;
  readonly text: string;
  readonly repeat?: number;
}

/** The case folders, sorted. */
export function brokenCases(): string[] {
  return readdirSync(BROKEN)
    .filter((name) => statSync(join(BROKEN, name)).isDirectory())
    .sort();
}

/** A path inside the copy's root; a fixture may not reach outside it. */
function inside(root: string, path: string): string {
  const full = resolve(root, path);
  const rel = relative(root, full);
  if (rel === "" || rel.startsWith("..") || rel.startsWith(sep)) {
    throw new Error(`test setup: ${JSON.stringify(path)} is outside the configuration copy`);
  }
  return full;
}

function lines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.replace(/\r$/, ""))
    .filter((l) => l.trim() !== "" && !l.startsWith("#"));
}

/** A copy of config/ with the case laid over it. The caller removes it. */
export function materialise(name: string): TempConfig {
  const dir = join(BROKEN, name);
  const copy = tempConfig(`irvn-broken-${name}-`);
  try {
    const deletions = join(dir, "delete.txt");
    if (existsSync(deletions)) {
      for (const path of lines(readFileSync(deletions, "utf8"))) {
        const target = inside(copy.root, path);
        if (!existsSync(target)) throw new Error(`test setup: ${name}/delete.txt: ${path} does not exist`);
        rmSync(target, { recursive: true });
      }
    }
    const overlay = join(dir, "config");
    if (existsSync(overlay)) cpSync(overlay, copy.config, { recursive: true, force: true });
    const edits = join(dir, "edits.json");
    if (existsSync(edits)) {
      for (const e of JSON.parse(readFileSync(edits, "utf8")) as Edit[]) {
        const target = inside(copy.root, e.file);
        const text = readFileSync(target, "utf8");
        const count = text.split(e.find).length - 1;
        if (count !== 1) {
          throw new Error(
            `test setup: ${name}/edits.json: ${JSON.stringify(e.find)} occurs ${count} times in ${e.file}, not once`,
          );
        }
        writeFileSync(
          target,
          text.replace(e.find, () => e.replace),
        );
      }
    }
    const generate = join(dir, "generate.json");
    if (existsSync(generate)) {
      for (const g of JSON.parse(readFileSync(generate, "utf8")) as Generated[]) {
        const target = inside(copy.root, g.file);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, g.text.repeat(g.repeat ?? 1));
      }
    }
  } catch (err) {
    copy.remove();
    throw err;
  }
  return copy;
}

/** validate, in-process, on a copy: paths in problems are relative to the copy's root. */
export function validateCopy(copy: TempConfig): Validated {
  return validateConfig(copy.config, copy.root);
}

/** The report lines, as `irvn validate` prints them (without the count line). */
export function reportLines(problems: readonly Problem[]): string[] {
  return sortProblems(problems).map(formatProblem);
}

export function expectedPath(name: string): string {
  return join(BROKEN, name, "expected.txt");
}

/** The expected report lines of a case; comment lines (#) and blank lines are ignored. */
export function readExpected(name: string): string[] {
  const path = expectedPath(name);
  return existsSync(path) ? lines(readFileSync(path, "utf8")) : [];
}
