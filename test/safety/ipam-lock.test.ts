// `irvn ipam`, the writer of a committed file (issue 13, items 2 and 4): two runs at once take
// turns and both allocations survive; a lock rewritten by another program meanwhile is not
// overwritten; a killed, interrupted or disk-full run leaves the lock as it was and nothing that
// blocks or shows up in git; a lock held by a live run makes the next one wait, then fail clearly.
import { execa } from "execa";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync, cpSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import {
  type Checkout,
  changesOf,
  checkout,
  irvn,
  irvnLeftovers,
  startIrvn,
  stopped,
  tmpfs,
} from "./helpers.ts";

const LOCK = "config/ipam.lock.yaml";
/** The temporary file irvn ipam writes before renaming it over the lock (also the old name). */
const LOCK_TEMP = "ipam\\.lock\\.yaml\\.tmp-|tmp-ipam\\.lock\\.yaml-";
const addDmz = (c: Checkout, tenant: string) =>
  c.edit(`config/municipalities/${tenant}.yaml`, "segments: [server,", "segments: [dmz, server,");

let c: Checkout;
beforeEach(() => (c = checkout()));
afterEach(() => c.remove());

describe("irvn ipam run twice at once", { timeout: 60_000 }, () => {
  it("takes turns: the second waits for the first and keeps its allocation", async () => {
    addDmz(c, "heumen");
    const first = startIrvn(["ipam"], { cwd: c.root, fault: { nth: 1, path: LOCK_TEMP, signal: "SIGSTOP" } });
    await stopped(first.pid!);
    addDmz(c, "druten");
    const second = startIrvn(["ipam"], { cwd: c.root });
    let said = "";
    await new Promise<void>((resolve) => {
      second.stderr!.on("data", (chunk: Buffer) => {
        said += String(chunk);
        if (said.includes("waiting")) resolve();
      });
      void second.finally(() => resolve());
    });
    process.kill(first.pid!, "SIGCONT");
    const [a, b] = [await first, await second];
    expect(a.exitCode, String(a.stderr)).toBe(0);
    expect(a.stdout).toMatch(/allocated 1\n {2}heumen\/dmz$/);
    expect(b.exitCode, String(b.stderr)).toBe(0);
    expect(said).toMatch(
      /^irvn: waiting for config\/ipam\.lock\.yaml, locked by another irvn run \(pid \d+ on /,
    );
    expect(b.stdout).toMatch(/allocated 1\n {2}druten\/dmz$/);
    const lock = readFileSync(join(c.root, LOCK), "utf8");
    expect(lock).toContain("  heumen/dmz: {");
    expect(lock).toContain("  druten/dmz: {");
    expect((await runCli(["ipam", "--check"], c.root)).code).toBe(0);
    expect(irvnLeftovers(c.root)).toEqual([]);
  });

  it("does not overwrite a lock another program rewrote after it was read", async () => {
    addDmz(c, "heumen");
    const run = startIrvn(["ipam"], { cwd: c.root, fault: { nth: 1, path: LOCK_TEMP, signal: "SIGSTOP" } });
    await stopped(run.pid!);
    const rewritten = `${readFileSync(join(c.root, LOCK), "utf8")}# rewritten by a merge\n`;
    writeFileSync(join(c.root, LOCK), rewritten);
    process.kill(run.pid!, "SIGCONT");
    const r = await run;
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      "irvn ipam: config/ipam.lock.yaml changed while this run worked on it (another program wrote it): nothing was written; run the command again",
    );
    expect(readFileSync(join(c.root, LOCK), "utf8")).toBe(rewritten);
    expect(irvnLeftovers(c.root)).toEqual([]);
  });

  it("waits for a run that holds the lock, then fails naming it; takes over the lock of a dead run", async () => {
    const lockFile = join(c.config, ".irvn-lock-ipam.lock.yaml");
    writeFileSync(lockFile, `${process.pid} ${hostname()} held-by-the-test\n`);
    const busy = await irvn(["ipam"], { cwd: c.root });
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain(
      `irvn ipam: config/ipam.lock.yaml is locked by another irvn run (pid ${process.pid} on ${hostname()})`,
    );
    expect(busy.stderr).toContain("if no irvn runs there any more, remove the lock file");

    const ended = execa("node", ["-e", "0"]);
    const gone = ended.pid!;
    await ended;
    writeFileSync(lockFile, `${gone} ${hostname()} left-by-a-killed-run\n`);
    addDmz(c, "heumen");
    const next = await irvn(["ipam"], { cwd: c.root });
    expect(next.code, next.stderr).toBe(0);
    expect(irvnLeftovers(c.root)).toEqual([]);
  });
});

describe("irvn ipam killed, interrupted or out of disk", { timeout: 120_000 }, () => {
  it("killed before any of its changes: the lock is the old or the new one, and nothing blocks the next run", async () => {
    addDmz(c, "heumen");
    const before = readFileSync(join(c.root, LOCK), "utf8");
    const { run, changes } = await changesOf(["ipam"], { cwd: c.root });
    expect(run.code).toBe(0);
    const after = readFileSync(join(c.root, LOCK), "utf8");
    for (let nth = 1; nth <= changes.length; nth++) {
      const at = `killed before ${changes[nth - 1]}`;
      writeFileSync(join(c.root, LOCK), before);
      expect((await irvn(["ipam"], { cwd: c.root, fault: { nth } })).signal, at).toBe("SIGKILL");
      expect([before, after], at).toContain(readFileSync(join(c.root, LOCK), "utf8"));
      const untracked = c.git("status", "--porcelain", "--untracked-files=all").split("\n");
      expect(
        untracked.filter((line) => line.startsWith("??")),
        at,
      ).toEqual([]);
      const validate = await runCli(["validate"], c.root);
      expect(validate.stderr, at).not.toContain("unexpected file");
      const again = await irvn(["ipam"], { cwd: c.root });
      expect(again.code, `${at}: ${again.stderr}`).toBe(0);
      expect(readFileSync(join(c.root, LOCK), "utf8"), at).toBe(after);
      expect(irvnLeftovers(c.root), at).toEqual([]);
    }
  });

  it("SIGTERM while it plans: exits 143, the lock as it was, no lock or temporary file left", async () => {
    addDmz(c, "heumen");
    const before = readFileSync(join(c.root, LOCK), "utf8");
    const fault = { nth: 1, path: "irvn-lock-ipam", signal: "SIGTERM" } as const;
    const r = await irvn(["ipam"], { cwd: c.root, fault });
    expect(r.code).toBe(143);
    expect(r.stderr).toContain("irvn ipam: interrupted by SIGTERM");
    expect(readFileSync(join(c.root, LOCK), "utf8")).toBe(before);
    expect(irvnLeftovers(c.root)).toEqual([]);
  });

  describe("on a full disk", () => {
    let mounts: string;
    let unmount: (() => void) | undefined;
    afterAll(() => {
      unmount?.();
      if (mounts) rmSync(mounts, { recursive: true, force: true });
    });

    it("ENOSPC: one line, the lock as it was, no temporary file", async (t) => {
      mounts = mkdtempSync(join(tmpdir(), "irvn-mounts-"));
      const disk = join(mounts, "disk");
      mkdirSync(disk);
      // room for the configuration (in whole pages), which the filler then leaves one page of
      unmount = tmpfs(disk, "size=512k");
      if (unmount === undefined) {
        console.log("SKIPPED: a tmpfs cannot be mounted here");
        return t.skip();
      }
      cpSync(c.config, join(disk, "config"), { recursive: true });
      const copy = join(disk, "config");
      writeFileSync(
        join(copy, "municipalities", "heumen.yaml"),
        readFileSync(join(c.config, "municipalities", "heumen.yaml"), "utf8").replace(
          "segments: [server,",
          "segments: [dmz, server,",
        ),
      );
      const before = readFileSync(join(copy, "ipam.lock.yaml"), "utf8");
      // leave one page: room for the lock file, none for the new ipam.lock.yaml
      const { bavail, bsize } = statfsSync(disk);
      writeFileSync(join(disk, "filler"), Buffer.alloc((bavail - 1) * bsize));
      const r = await runCli(["ipam", "--config", copy], disk);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(
        /^irvn ipam: cannot write .*ipam\.lock\.yaml.*: no space left on the device.* \(ENOSPC\)\n$/,
      );
      expect(readFileSync(join(copy, "ipam.lock.yaml"), "utf8")).toBe(before);
      expect(irvnLeftovers(disk)).toEqual([]);
    });
  });
});
