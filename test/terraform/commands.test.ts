// The argument lists irvn gives terraform, checked as a table without running terraform, and the
// commands' help.
import { describe, expect, it } from "vitest";
import { apply } from "../../scripts/commands/apply.ts";
import { plan } from "../../scripts/commands/plan.ts";
import { providers } from "../../scripts/commands/providers.ts";
import {
  applyArgs,
  initArgs,
  planArgs,
  providersLockArgs,
  showPlanArgs,
  versionArgs,
} from "../../scripts/terraform/commands.ts";
import { terraformEnv } from "../../scripts/terraform/exec.ts";
import { isAtLeast } from "../../scripts/terraform/preflight.ts";

describe("terraform argument lists", () => {
  const table: [string, string[], string[]][] = [
    ["version", versionArgs(), ["version", "-json"]],
    ["init", initArgs({ lockfileReadonly: false }), ["init", "-input=false", "-no-color"]],
    [
      "init with a committed lock file",
      initArgs({ lockfileReadonly: true }),
      ["init", "-input=false", "-no-color", "-lockfile=readonly"],
    ],
    [
      "plan",
      planArgs({ planFile: "/p/.irvn/plans/central.tfplan" }),
      ["plan", "-input=false", "-no-color", "-detailed-exitcode", "-out=/p/.irvn/plans/central.tfplan"],
    ],
    ["show", showPlanArgs({ planFile: "/p/x.tfplan" }), ["show", "-json", "-no-color", "/p/x.tfplan"]],
    ["apply", applyArgs({ planFile: "/p/x.tfplan" }), ["apply", "-input=false", "-no-color", "/p/x.tfplan"]],
    [
      "providers lock from a filesystem mirror",
      providersLockArgs({ platforms: ["linux_amd64", "darwin_arm64"], fsMirror: "/srv/mirror" }),
      [
        "providers",
        "lock",
        "-no-color",
        "-fs-mirror=/srv/mirror",
        "-platform=linux_amd64",
        "-platform=darwin_arm64",
      ],
    ],
    [
      "providers lock from a network mirror",
      providersLockArgs({ platforms: ["linux_amd64"], netMirror: "https://mirror.example/" }),
      ["providers", "lock", "-no-color", "-net-mirror=https://mirror.example/", "-platform=linux_amd64"],
    ],
  ];
  it.each(table)("%s", (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it("a path with spaces stays one argument", () => {
    expect(planArgs({ planFile: "/my plans/a.tfplan" })).toContain("-out=/my plans/a.tfplan");
  });
});

describe("terraform environment", () => {
  it("keeps the caller's variables, drops unset ones and switches off prompts and update checks", () => {
    expect(
      terraformEnv({ PATH: "/bin", PG_CONN_STR: "postgres://x", UNSET: undefined, TF_INPUT: "1" }),
    ).toEqual({
      PATH: "/bin",
      PG_CONN_STR: "postgres://x",
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
    });
  });
});

describe("isAtLeast", () => {
  it.each([
    ["1.5.0", true],
    ["1.11.4", true],
    ["2.0.0", true],
    ["1.4.7", false],
    ["0.15.5", false],
    ["1.6.0-beta1", true],
    ["v1.5.7", true],
    ["nonsense", false],
  ])("%s ≥ 1.5.0: %s", (version, expected) => {
    expect(isAtLeast(version, [1, 5, 0])).toBe(expected);
  });
});

describe("--help", () => {
  const io = (out: string[]) => ({
    cwd: "/nonexistent",
    env: {},
    stdout: (t: string) => void out.push(t),
    stderr: () => {},
  });

  it.each([
    ["plan", plan, ["--help"], /^usage: irvn plan \[--at WAVE\|YYYY-MM-DD\] \[--stack GLOB…\]/],
    ["apply", apply, ["-h"], /^usage: irvn apply \[--stack GLOB…\] \[--allow-destroy ADDRESS…\]/],
    ["providers", providers, ["lock", "--help"], /^usage: irvn providers lock \[--fs-mirror DIR/],
  ] as const)(
    "irvn %s prints its usage and exit codes without running terraform",
    async (_name, command, argv, usage) => {
      const out: string[] = [];
      expect(await command([...argv], io(out))).toBe(0);
      expect(out.join("")).toMatch(usage);
      expect(out.join("")).toContain("Exit codes:");
    },
  );

  it("irvn providers wants the lock subcommand", async () => {
    await expect(providers([], io([]))).rejects.toThrow("expected the subcommand `lock`");
    await expect(providers(["unlock"], io([]))).rejects.toThrow(
      'expected the subcommand `lock` (got "unlock")',
    );
  });
});
