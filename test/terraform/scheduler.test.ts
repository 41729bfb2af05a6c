// The stack scheduler with stand-in tasks: parallelism bound, dependency order, skipped
// dependents, a fatal failure that starts nothing more, and output handed over per stack.
import { describe, expect, it } from "vitest";
import { StackFailure } from "../../scripts/terraform/failures.ts";
import type { Stack } from "../../scripts/terraform/manifest.ts";
import { runInDependencyOrder, type StackOutcome } from "../../scripts/terraform/scheduler.ts";

const stack = (name: string, ...dependencies: string[]): Stack => ({
  name,
  dependencies,
  dir: name,
  configFile: name,
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

const STACKS = [
  stack("central"),
  stack("network", "central"),
  stack("network-druten", "network"),
  stack("network-nijmegen", "network"),
  stack("network-wijchen", "network"),
  stack("workplace-druten", "network-druten"),
  stack("workplace-nijmegen", "network-nijmegen"),
];

describe("runInDependencyOrder", () => {
  it("runs at most N at a time, dependencies first, and hands over each stack's output in one piece", async () => {
    let running = 0;
    let most = 0;
    const events: string[] = [];
    const finished: StackOutcome<number>[] = [];
    const outcomes = await runInDependencyOrder<number>(STACKS, {
      parallel: 2,
      onFinish: (o) => finished.push(o),
      task: async (s, log) => {
        events.push(`start ${s.name}`);
        most = Math.max(most, ++running);
        for (let i = 0; i < 3; i++) {
          log(`${s.name} line ${i}\n`);
          await tick();
        }
        running--;
        events.push(`end ${s.name}`);
        return s.name.length;
      },
    });
    expect(most).toBe(2);
    for (const s of STACKS) {
      for (const dep of s.dependencies) {
        expect(events.indexOf(`end ${dep}`)).toBeLessThan(events.indexOf(`start ${s.name}`));
      }
    }
    expect(outcomes.map((o) => o.stack.name)).toEqual(STACKS.map((s) => s.name));
    for (const o of finished) {
      expect(o.status).toBe("done");
      if (o.status === "done") {
        expect(o.output).toBe([0, 1, 2].map((i) => `${o.stack.name} line ${i}\n`).join(""));
        expect(o.value).toBe(o.stack.name.length);
      }
    }
  });

  it("skips the dependents of a failed stack and runs the rest", async () => {
    const outcomes = await runInDependencyOrder(STACKS, {
      parallel: 3,
      onFinish: () => {},
      task: async (s) => {
        await tick();
        if (s.name === "network-druten") throw new StackFailure("port group exists");
        return 0;
      },
    });
    expect(Object.fromEntries(outcomes.map((o) => [o.stack.name, o.status]))).toEqual({
      central: "done",
      network: "done",
      "network-druten": "failed",
      "network-nijmegen": "done",
      "network-wijchen": "done",
      "workplace-druten": "skipped",
      "workplace-nijmegen": "done",
    });
    const skipped = outcomes.find((o) => o.stack.name === "workplace-druten")!;
    expect(skipped).toMatchObject({ reason: "not run: it depends on network-druten, which did not succeed" });
  });

  it("starts nothing more after a fatal failure but lets running stacks finish", async () => {
    const independent = [stack("a"), stack("b"), stack("c"), stack("d")];
    const outcomes = await runInDependencyOrder(independent, {
      parallel: 2,
      onFinish: () => {},
      task: async (s) => {
        await tick();
        if (s.name === "a") throw new StackFailure("provider cannot be installed", true);
        await tick();
        return 0;
      },
    });
    expect(outcomes.map((o) => `${o.stack.name}:${o.status}`)).toEqual([
      "a:failed",
      "b:done",
      "c:skipped",
      "d:skipped",
    ]);
    expect(outcomes[2]).toMatchObject({
      reason: "not run: a failed in a way every stack would (see its message)",
    });
  });

  it("rejects with an unexpected error (a bug) once running stacks are done", async () => {
    await expect(
      runInDependencyOrder([stack("a"), stack("b")], {
        parallel: 2,
        onFinish: () => {},
        task: async (s) => {
          if (s.name === "a") throw new TypeError("bug");
          await tick();
          return 0;
        },
      }),
    ).rejects.toThrow("bug");
  });

  it("holds a dependent back while an upstream result says so, and its own dependents with it", async () => {
    const ran: string[] = [];
    const outcomes = await runInDependencyOrder<string>(STACKS, {
      parallel: 3,
      onFinish: () => {},
      task: async (s) => {
        ran.push(s.name);
        return s.name;
      },
      // network's plan holds back only network-druten (say, it creates a port group druten finds)
      holdsBack: (upstream, dependent) => upstream === "network" && dependent.name === "network-druten",
    });
    expect(ran.sort()).toEqual([
      "central",
      "network",
      "network-nijmegen",
      "network-wijchen",
      "workplace-nijmegen",
    ]);
    const waiting = outcomes.filter((o) => o.status === "waiting").map((o) => [o.stack.name, o.waitsFor]);
    expect(waiting).toEqual([
      ["network-druten", ["network"]],
      ["workplace-druten", ["network"]],
    ]);
  });
});
