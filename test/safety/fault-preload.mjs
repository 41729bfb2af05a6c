// Loaded with `node --import` by the fault-injection tests, never by irvn itself: counts the
// file-system calls that change something and, at the one IRVN_TEST_FAULT names, sends the process
// a signal just before that call runs. IRVN_TEST_FAULT is JSON, e.g.
//   {"nth": 12, "signal": "SIGKILL"}                        die before the 12th change
//   {"nth": 1, "signal": "SIGSTOP", "path": "lock\\.yaml$"}  pause before the first change there
// `nth` counts the calls whose path matches `path` (every call without it). With
// IRVN_TEST_FAULT_LOG=FILE each call is appended to FILE as "<call> <path>", to count them.
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";

const CHANGES = [
  "appendFileSync",
  "copyFileSync",
  "cpSync",
  "linkSync",
  "mkdirSync",
  "mkdtempSync",
  "renameSync",
  "rmSync",
  "rmdirSync",
  "symlinkSync",
  "truncateSync",
  "unlinkSync",
  "writeFileSync",
];
const PROMISED = [
  "appendFile",
  "copyFile",
  "cp",
  "mkdir",
  "mkdtemp",
  "rename",
  "rm",
  "rmdir",
  "symlink",
  "unlink",
  "writeFile",
];

const fault = process.env.IRVN_TEST_FAULT ? JSON.parse(process.env.IRVN_TEST_FAULT) : undefined;
const log = process.env.IRVN_TEST_FAULT_LOG;
const pattern = fault?.path === undefined ? undefined : new RegExp(fault.path);
let count = 0;
const appendLog = fs.appendFileSync; // the unpatched one

function before(call, path) {
  const shown = typeof path === "string" ? path : String(path);
  if (log) appendLog(log, `${call} ${shown}\n`);
  if (fault === undefined || (pattern !== undefined && !pattern.test(shown))) return;
  if (++count === fault.nth) process.kill(process.pid, fault.signal ?? "SIGKILL");
}

// a call made inside another (appendFileSync writes through writeFileSync) is not counted again
let depth = 0;
for (const name of CHANGES) {
  const original = fs[name];
  fs[name] = function (path, ...rest) {
    depth++;
    try {
      if (depth === 1) before(name, path);
      return original.call(this, path, ...rest);
    } finally {
      depth--;
    }
  };
}
for (const name of PROMISED) {
  const original = fs.promises[name];
  fs.promises[name] = async function (path, ...rest) {
    before(name, path);
    return original.call(this, path, ...rest);
  };
}
syncBuiltinESMExports();
