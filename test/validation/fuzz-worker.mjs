// One share of the fuzzing, in a worker thread so that the fuzz test keeps both cores busy. Plain
// JavaScript that registers tsx (as scripts/bin/irvn.js does) and then runs the TypeScript fuzzer.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { fuzzValidate } = await import("./fuzz.ts");
const outcome = fuzzValidate(workerData.seed, workerData.iterations);
parentPort.postMessage({ ...outcome, messageKinds: [...outcome.messageKinds] });
