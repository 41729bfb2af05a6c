// The test vCenter itself: test/helpers/vcsim.ts builds test/vcsim once, starts it on loopback
// with the credentials given and stops it; the simulator also ends when the process that
// started it is gone, so a killed test run leaves none behind.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { startVcsim, vcsimBinary } from "../helpers/vcsim.ts";

/** Running: there, and not a zombie its new parent has yet to reap. */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
};

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100)))
    if (check()) return true;
  return check();
}

describe("the vCenter simulator", () => {
  it("serves the vSphere API on 127.0.0.1, without the credentials in its URL, and stops", async () => {
    const vcsim = await startVcsim({ user: "u", password: "vcsim-smoke-password", plain: true });
    try {
      expect(vcsim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sdk$/);
      const versions = await fetch(`${vcsim.url}/vimServiceVersions.xml`);
      expect(versions.status).toBe(200);
      expect(await versions.text()).toContain("<name>urn:vim25</name>");
    } finally {
      await vcsim.stop();
    }
    await expect(fetch(`${vcsim.url}/vimServiceVersions.xml`)).rejects.toThrow();
  }, 120_000);

  it("ends by itself when its parent is killed", async () => {
    const binary = await vcsimBinary();
    // a shell starts the simulator in the background, prints its pid and is killed outright
    const shell = spawn(
      "sh",
      ["-c", `"$0" -listen 127.0.0.1:0 -plain -parent-pid $$ >/dev/null & echo $!; wait`, binary],
      {
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", VCSIM_USERNAME: "u", VCSIM_PASSWORD: "p" },
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    const pid = await new Promise<number>((resolve) =>
      shell.stdout!.once("data", (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
    expect(alive(pid)).toBe(true);
    shell.kill("SIGKILL");
    expect(await until(() => !alive(pid), 10_000)).toBe(true);
  }, 120_000);
});
