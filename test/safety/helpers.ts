// Shared by the fault-injection tests: a throw-away git checkout with the reference configuration,
// a digest of a directory tree to prove that nothing changed, and irvn run as a real process that
// can be killed, stopped or interrupted just before its n-th file-system change (fault-preload.mjs).
import { execa, execaSync } from "execa";
import { createHash } from "node:crypto";
import {
  cpSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { BIN, ROOT } from "../helpers/cli.ts";

export const GIT_ENV = {
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@example.org",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@example.org",
};

export interface Checkout {
  readonly root: string;
  readonly config: string;
  git(...args: string[]): string;
  /** Replaces text in a file of the checkout; fails when `from` is not there. */
  edit(file: string, from: string | RegExp, to: string): void;
  remove(): void;
}

/** What `irvn diff` needs committed to synthesize a commit with its own code. */
const CODE = ["stacks", "scripts", "templates", "package.json", "tsconfig.json"];

/**
 * A git checkout holding config/ and the project's .gitignore, committed; `withCode` adds the code,
 * for `irvn diff`, and the project's node_modules through a link.
 */
export function checkout(options: { withCode?: boolean } = {}): Checkout {
  const root = mkdtempSync(join(tmpdir(), "irvn-safety-"));
  for (const entry of ["config", ".gitignore", ...(options.withCode ? CODE : [])]) {
    cpSync(join(ROOT, entry), join(root, entry), { recursive: true });
  }
  const git = (...args: string[]) => execaSync("git", args, { cwd: root, env: GIT_ENV }).stdout;
  git("init", "-q");
  if (options.withCode) {
    symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"), "dir");
    writeFileSync(join(root, ".git", "info", "exclude"), "node_modules\n");
  }
  git("add", ".");
  git("commit", "-qm", "configuration");
  return {
    root,
    config: join(root, "config"),
    git,
    edit(file, from, to) {
      const path = join(root, file);
      const before = readFileSync(path, "utf8");
      const after = before.replace(from, to);
      if (after === before) throw new Error(`test setup: ${String(from)} not found in ${file}`);
      writeFileSync(path, after);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Every entry under `dir` (files by content, links by target), to compare before and after. */
export function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const rel = relative(dir, path);
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) out[rel] = `link ${readlinkSync(path)}`;
      else if (stat.isDirectory()) {
        out[rel] = "dir";
        walk(path);
      } else out[rel] = createHash("sha256").update(readFileSync(path)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

export interface Run {
  readonly code: number | undefined;
  readonly signal: string | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Fault {
  /** Counts the changes to paths matching `path` (every change without it), from 1. */
  readonly nth: number;
  readonly signal?: NodeJS.Signals;
  readonly path?: string;
}

const PRELOAD = join(import.meta.dirname, "fault-preload.mjs");

export interface IrvnOptions {
  readonly cwd: string;
  readonly env?: Record<string, string>;
  /** Signal the process just before a file-system change: see fault-preload.mjs. */
  readonly fault?: Fault;
  /** Append every file-system change to this file. */
  readonly log?: string;
  /** A command that runs node for irvn, e.g. setpriv as nobody (see unprivileged). */
  readonly via?: readonly string[];
}

/** Starts `irvn` as a process (the bin, as users run it). */
export function startIrvn(argv: readonly string[], options: IrvnOptions) {
  const preload = options.fault || options.log ? ["--import", PRELOAD] : [];
  const [command, ...args] = [...(options.via ?? []), "node", ...preload, BIN, ...argv];
  return execa(command!, args, {
    cwd: options.cwd,
    env: {
      CHECKPOINT_DISABLE: "1",
      ...options.env,
      ...(options.fault ? { IRVN_TEST_FAULT: JSON.stringify(options.fault) } : {}),
      ...(options.log ? { IRVN_TEST_FAULT_LOG: options.log } : {}),
    },
    reject: false,
  });
}

export async function irvn(argv: readonly string[], options: IrvnOptions): Promise<Run> {
  const r = await startIrvn(argv, options);
  return { code: r.exitCode, signal: r.signal, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** The file-system changes a run makes, in order, as "<call> <path>" (and the run itself). */
export async function changesOf(
  argv: readonly string[],
  options: IrvnOptions,
): Promise<{ run: Run; changes: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), "irvn-changes-"));
  try {
    const run = await irvn(argv, { ...options, log: join(dir, "log") });
    const changes = readFileSync(join(dir, "log"), "utf8").split("\n").filter(Boolean);
    return { run, changes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until the process is stopped (SIGSTOP at a fault); throws if it ends instead. */
export async function stopped(pid: number): Promise<void> {
  for (;;) {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8"); // throws once the process is gone
    if (/\) T /.test(stat)) return;
    if (/\) Z /.test(stat)) throw new Error(`process ${pid} ended before its fault point`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Entries irvn leaves while it runs (temporary directories, lock files), anywhere under `dir`. */
export function irvnLeftovers(dir: string): string[] {
  return Object.keys(digest(dir)).filter((p) => /(^|\/)\.irvn-(tmp|lock)-/.test(p) && !p.includes(".git/"));
}

/**
 * Mounts a tmpfs of `options` (e.g. "size=512k", "ro") at `dir`; returns how to unmount it, or
 * undefined where mounting is not permitted (not root, or a container without the capability).
 */
export function tmpfs(dir: string, options: string): (() => void) | undefined {
  try {
    execaSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir]);
  } catch {
    return undefined;
  }
  return () => void execaSync("umount", [dir]);
}

/**
 * How to run a command so that file modes apply to it: as is when not root, else through setpriv
 * as nobody; otherwise why not (root without setpriv, or a checkout nobody may read, such as one
 * under a private temporary directory).
 */
export function unprivileged(): { readonly via: string[] } | { readonly reason: string } {
  if (process.getuid?.() !== 0) return { via: [] };
  const via = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"];
  try {
    execaSync(via[0]!, [...via.slice(1), "true"]);
  } catch {
    return { reason: "running as root without setpriv: file modes do not apply" };
  }
  try {
    execaSync(via[0]!, [...via.slice(1), "test", "-r", BIN]);
  } catch {
    return { reason: `running as root, and nobody may not read ${BIN} to run irvn as nobody` };
  }
  return { via };
}
