// The pipelines of the operators' guide (scripts/README.md), read by real CI clients: the GitLab
// pipeline with the review-diff job it shows elsewhere by gitlab-ci-local (its schema check,
// stages, needs and rules), on a merge request and on a push to the default branch; the GitHub
// Actions workflow by GitHub's own workflow parser (@actions/workflow-parser: keys, expressions,
// needs), which a planted mistake shows can refuse.
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { execa } from "execa";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/cli.ts";

const GITLAB_CI_LOCAL = join(ROOT, "node_modules", ".bin", "gitlab-ci-local");

/** The fenced YAML blocks of a Markdown file that satisfy `pick`. */
function yamlBlocks(file: string, pick: (block: string) => boolean): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter(pick);
}

interface ListedJob {
  readonly name: string;
  readonly stage: string;
  readonly when: string;
}

describe("the guide's GitLab pipeline", { timeout: 60_000 }, () => {
  let repo: string;
  const list = async (variables: Record<string, string>) => {
    const args = [
      "--list-json",
      ...Object.entries(variables).flatMap(([k, v]) => ["--variable", `${k}=${v}`]),
    ];
    const r = await execa(GITLAB_CI_LOCAL, args, {
      cwd: repo,
      reject: false,
      // the predefined variables a real pipeline has, set on purpose: no warning about them
      env: { GCL_IGNORE_PREDEFINED_VARS: Object.keys(variables).join(",") },
    });
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    // --list-json lists the jobs the rules leave out too, as when: never
    return (JSON.parse(r.stdout) as ListedJob[])
      .filter((j) => j.when !== "never")
      .map((j) => `${j.name} ${j.stage} ${j.when}`);
  };

  beforeAll(async () => {
    if (!existsSync(GITLAB_CI_LOCAL))
      throw new Error(`${GITLAB_CI_LOCAL} is missing: a devDependency, installed by npm ci`);
    const pipeline = yamlBlocks("scripts/README.md", (b) => b.startsWith("# .gitlab-ci.yml"));
    const review = yamlBlocks("scripts/README.md", (b) => b.includes("\nreview-diff:"));
    expect(pipeline).toHaveLength(1);
    expect(review).toHaveLength(1);
    repo = mkdtempSync(join(tmpdir(), "irvn-gitlab-ci-"));
    writeFileSync(join(repo, ".gitlab-ci.yml"), `${pipeline[0]}\n${review[0]}`);
    const git = (...args: string[]) => execa("git", args, { cwd: repo });
    await git("init", "-q", "-b", "main");
    await git("remote", "add", "origin", "https://gitlab.example.nl/irvn/irvn-iac.git");
    await git("add", ".");
    await git("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "pipeline");
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it("passes the schema check, and a merge request runs the plan and the review", async () => {
    // a merge-request pipeline has no CI_COMMIT_BRANCH (gitlab-ci-local would take the checkout's)
    const jobs = await list({
      CI_PIPELINE_SOURCE: "merge_request_event",
      CI_MERGE_REQUEST_IID: "7",
      CI_COMMIT_BRANCH: "",
    });
    expect(jobs).toEqual(["plan plan on_success", "review-diff plan on_success"]);
  });

  it("on the default branch: plan, then apply by hand; no review", async () => {
    const jobs = await list({
      CI_PIPELINE_SOURCE: "push",
      CI_COMMIT_BRANCH: "main",
      CI_DEFAULT_BRANCH: "main",
    });
    expect(jobs).toEqual(["plan plan on_success", "apply apply manual"]);
  });
});

/** GitHub's reading of a workflow: its errors (with line and column) and its jobs with their needs. */
async function readWorkflow(content: string) {
  const parsed = parseWorkflow({ name: "terraform.yml", content }, new NoOperationTraceWriter());
  const template = parsed.value && (await convertWorkflowTemplate(parsed.context, parsed.value));
  return {
    errors: parsed.context.errors.getErrors().map((e) => e.message),
    jobs: (template?.jobs ?? []).map(
      (job) => `${job.id.value} <- ${job.needs?.map((n) => n.value).join(",") ?? ""}`,
    ),
  };
}

describe("the guide's GitHub Actions workflow", () => {
  const workflows = yamlBlocks("scripts/README.md", (b) => b.startsWith("# .github/workflows/"));

  it("is read by GitHub's workflow parser without an error: plan, then apply after it", async () => {
    expect(workflows).toHaveLength(1);
    expect(await readWorkflow(workflows[0]!)).toEqual({ errors: [], jobs: ["plan <- ", "apply <- plan"] });
  });

  it.each([
    [
      "a misspelt key",
      "runs-on: [self-hosted, irvn] # reaches",
      "run-on: [self-hosted, irvn] # reaches",
      "Unexpected value 'run-on'",
    ],
    ["a broken expression", "if: github.ref ==", "if: github.ref ===", "Unexpected symbol: '='"],
    ["an unknown job in needs", "needs: plan", "needs: plann", "depends on unknown job 'plann'"],
  ])("refuses %s planted in it", async (_, from, to, message) => {
    expect(workflows[0]).toContain(from);
    const { errors } = await readWorkflow(workflows[0]!.replace(from, to));
    expect(errors.join("\n")).toContain(message);
  });
});
