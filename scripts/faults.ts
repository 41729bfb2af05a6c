// Fault injection for the safety tests: with IRVN_FAULT=<point>:<SIGNAL> in the environment the
// process sends itself SIGNAL (default SIGKILL) on reaching <point>: SIGKILL dies there, SIGSTOP
// pauses there, SIGTERM or SIGINT interrupts there. Without IRVN_FAULT a point does nothing.

export function faultPoint(point: string): void {
  const spec = process.env.IRVN_FAULT;
  if (spec === undefined) return;
  const [at, signal = "SIGKILL"] = spec.split(":");
  if (at === point) process.kill(process.pid, signal as NodeJS.Signals);
}
