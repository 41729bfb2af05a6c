// A vCenter simulator for the tests: builds test/vcsim (govmomi's vcsim, from Debian's packages)
// once per source hash into node_modules/.cache/irvn-vcsim/, starts it on loopback with a legacy
// estate, and stops it on every way out (its own watchdog also ends it if this process dies).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./cli.ts";

const SOURCE = join(ROOT, "test", "vcsim", "main.go");
const CACHE = join(ROOT, "node_modules", ".cache", "irvn-vcsim");
const GOPATH = "/usr/share/gocode";
/** A build lock older than this was left by a build that died. */
const STALE_LOCK_MS = 10 * 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function goVersion(): string {
  try {
    return execFileSync("go", ["version"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      "the vCenter simulator needs Go and govmomi: apt-get install golang-go golang-github-vmware-govmomi-dev (.ci/run does this)",
    );
  }
}

/**
 * The simulator binary, built when its source (or the Go toolchain) changed. Test files run in
 * parallel processes: one builds under a lock directory, into a temporary name renamed into
 * place, while the others wait for the binary to appear.
 */
export async function vcsimBinary(): Promise<string> {
  const hash = createHash("sha256")
    .update(readFileSync(SOURCE))
    .update(goVersion())
    .digest("hex")
    .slice(0, 16);
  const dir = join(CACHE, hash);
  const binary = join(dir, "vcsim");
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, "build.lock");
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(binary)) return binary;
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS)
          rmSync(lock, { recursive: true, force: true });
      } catch {
        // the lock went away between the two calls: try again
      }
      await sleep(250);
    }
  }
  try {
    if (existsSync(binary)) return binary;
    const tmp = join(dir, `vcsim.tmp-${process.pid}`);
    execFileSync("go", ["build", "-o", tmp, "./test/vcsim"], {
      cwd: ROOT,
      env: {
        ...process.env,
        GO111MODULE: "off",
        GOPATH,
        GOCACHE: join(CACHE, "go-build"),
        GOFLAGS: "",
        // pure Go: no C compiler needed, a static binary
        CGO_ENABLED: "0",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    renameSync(tmp, binary);
    return binary;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface Vcsim {
  /** The SDK URL, without credentials: https://127.0.0.1:<port>/sdk */
  readonly url: string;
  stop(): Promise<void>;
}

export interface VcsimOptions {
  /** The estate to build: a spec object (see test/vcsim/main.go) or a JSON file. */
  readonly estate?: object | string;
  readonly user: string;
  readonly password: string;
  /** Serve plain http instead of https with a self-signed certificate. */
  readonly plain?: boolean;
}

const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** Starts the simulator on a free loopback port and waits until it serves its estate. */
export async function startVcsim(options: VcsimOptions): Promise<Vcsim> {
  const binary = await vcsimBinary();
  // the simulator keeps its datastores under TMPDIR: one directory, removed with it
  const work = mkdtempSync(join(tmpdir(), "irvn-vcsim-"));
  // it ends by itself when this process is gone, however that happens
  const args = ["-listen", "127.0.0.1:0", "-parent-pid", String(process.pid)];
  if (options.plain) args.push("-plain");
  if (options.estate !== undefined) {
    const file = typeof options.estate === "string" ? options.estate : join(work, "estate.json");
    if (typeof options.estate !== "string") writeFileSync(file, JSON.stringify(options.estate));
    args.push("-estate", file);
  }
  const child = spawn(binary, args, {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      TMPDIR: work,
      VCSIM_USERNAME: options.user,
      VCSIM_PASSWORD: options.password,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killed = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(killed);
    }
    running.delete(child);
    rmSync(work, { recursive: true, force: true });
  };
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => void (stderr += d.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`vcsim did not start within 60 s: ${stderr}`)), 60_000);
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /^VCSIM_URL=(\S+)$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`vcsim exited (${code}) before serving: ${stderr.trim()}`));
      });
    });
    return { url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
