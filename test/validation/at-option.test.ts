// `--at` is checked before anything runs: a date that is not in the calendar, an empty value or
// a wave that is not there is a usage error (exit 2) from synth, plan and diff, before any
// configuration is synthesized, terraform is looked for or a worktree is made.
import { execa } from "execa";
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../helpers/cli.ts";

describe("--at is a wave or a calendar date, or a usage error before anything runs", () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "irvn-at-"));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each([
    ["2016-02-30", "--at 2016-02-30 is not a date in the calendar"],
    ["2015-13-01", "--at 2015-13-01 is not a date in the calendar"],
    ["", "--at needs a wave of migration.yaml or a date YYYY-MM-DD (got nothing)"],
    ["1 oktober", '--at "1 oktober" is neither a wave of migration.yaml nor a date YYYY-MM-DD'],
  ])("synth --at %j: exit 2, nothing read or written", async (at, message) => {
    const out = join(scratch, "out");
    // a configuration directory that does not exist: the usage error comes first
    const r = await runCli(["synth", "--config", join(scratch, "none"), "--out", out, "--at", at]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`irvn synth: ${message}\nRun \`irvn synth --help\` for the options.\n`);
    expect(existsSync(out)).toBe(false);
  });

  it("synth --at a wave that is not there: exit 2, naming the near wave", async () => {
    const out = join(scratch, "out");
    const r = await runCli(["synth", "--out", out, "--at", "wijchen-2017"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '--at "wijchen-2017" is neither a wave of migration.yaml (did you mean "wijchen-2016"?) nor a date YYYY-MM-DD',
    );
    expect(existsSync(out)).toBe(false);
  });

  it("plan --at 2016-02-30: exit 2 before terraform is looked for", async () => {
    const r = await runCli(["plan", "--at", "2016-02-30", "--out", join(scratch, "out")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--at 2016-02-30 is not a date in the calendar");
    expect(r.stderr).not.toMatch(/terraform/);
  });

  describe("irvn diff", () => {
    let repo: string;
    const git = (...args: string[]) =>
      execa("git", args, {
        cwd: repo,
        env: {
          GIT_AUTHOR_NAME: "t",
          GIT_AUTHOR_EMAIL: "t@example.org",
          GIT_COMMITTER_NAME: "t",
          GIT_COMMITTER_EMAIL: "t@example.org",
        },
      });
    beforeAll(async () => {
      // the configuration alone: nothing here may get as far as running a synth
      repo = join(scratch, "repo");
      cpSync(join(ROOT, "config"), join(repo, "config"), { recursive: true });
      await git("init", "-q");
      await git("add", ".");
      await git("commit", "-qm", "reference configuration");
    });

    it.each([
      ["garbage", '--at "garbage" is neither a wave of config/migration.yaml in HEAD'],
      ["2016-02-30", "--at 2016-02-30 is not a date in the calendar"],
      ["", "--at needs a wave of migration.yaml or a date YYYY-MM-DD (got nothing)"],
    ])("diff --at %j: exit 2, nothing synthesized", async (at, message) => {
      const r = await runCli(["diff", "--base", "HEAD", "--at", at], repo);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain("synthesizing");
    });

    it("diff --at a wave the working tree has and the base lacks: names the base", async () => {
      const migration = join(repo, "config", "migration.yaml");
      appendFileSync(
        migration,
        "  nieuw-2030:\n    date: 2030-01-07\n    name: A wave not committed yet\n    moves: {}\n",
      );
      try {
        const r = await runCli(["diff", "--base", "HEAD", "--at", "nieuw-2030"], repo);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(
          /^irvn diff: --at "nieuw-2030" is neither a wave of config\/migration\.yaml in HEAD \([0-9a-f]{7}\) \(one of: functioneel-beheer-2016, .*\) nor a date YYYY-MM-DD$/m,
        );
        expect(r.stderr).not.toContain("synthesizing");
      } finally {
        await git("checkout", "--", "config/migration.yaml");
      }
    });
  });
});
