// 1,000 mutated configurations through validate, in-process: it must always return, and every
// problem must be located (file, line >= 1, column >= 1), non-empty, on one line, and sorted.
// The iterations are split over two worker threads with seeds of their own (fixed, so the run
// is the same on every machine); each reuses one temporary copy of config/.
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import type { FuzzOutcome } from "./fuzz.ts";

const SEED = 20_161_201; // Wijchen joins IRVN
const SHARES = 2;
const ITERATIONS = 1_000;

function share(seed: number, iterations: number): Promise<FuzzOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./fuzz-worker.mjs", import.meta.url), {
      workerData: { seed, iterations },
    });
    worker.once("message", (m: FuzzOutcome & { messageKinds: string[] }) =>
      resolve({ ...m, messageKinds: new Set(m.messageKinds) }),
    );
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`fuzz worker for seed ${seed} exited with ${code}`)));
  });
}

describe("validate under fuzzing", () => {
  it(`survives ${ITERATIONS} mutated configurations (seeds ${SEED}+)`, { timeout: 120_000 }, async () => {
    const per = Math.ceil(ITERATIONS / SHARES);
    const outcomes = await Promise.all(Array.from({ length: SHARES }, (_, i) => share(SEED + i, per)));
    const failures = outcomes.flatMap((o) => o.failures);
    const iterations = outcomes.reduce((n, o) => n + o.iterations, 0);
    const invalid = outcomes.reduce((n, o) => n + o.invalid, 0);
    const kinds = new Set(outcomes.flatMap((o) => [...o.messageKinds]));

    expect(failures.slice(0, 10), `${failures.length} failures`).toEqual([]);
    expect(iterations).toBeGreaterThanOrEqual(ITERATIONS);
    // the mutations must actually break things, and in many different ways
    expect(invalid).toBeGreaterThan(iterations * 0.6);
    expect(kinds.size).toBeGreaterThan(60);
  });
});
