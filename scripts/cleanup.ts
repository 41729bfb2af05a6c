// Cleanups that run on every way out of a command: a normal return, a thrown error, and a signal.
// On SIGINT, SIGTERM or SIGHUP the pending cleanups run newest first, then the process exits with
// 128 + the signal's number; a second signal exits at once.
export type Cleanup = (signal?: NodeJS.Signals) => void | Promise<void>;

interface Pending {
  run(signal?: NodeJS.Signals): Promise<void>;
}

const pending = new Set<Pending>();
let interrupted: NodeJS.Signals | undefined;

/** Stopping after a signal: no new work starts. */
export class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
    this.name = "Interrupted";
  }
}

/**
 * Runs `work`, then `cleanup` (once) however `work` ends, also when a signal stops the process.
 * Once a signal came, nothing new starts: the cleanups being run are the last word.
 */
export async function withCleanup<T>(cleanup: Cleanup, work: () => Promise<T>): Promise<T> {
  if (interrupted !== undefined) throw new Interrupted(interrupted);
  let ran: Promise<void> | undefined;
  const entry: Pending = { run: (signal) => (ran ??= (async () => cleanup(signal))()) };
  pending.add(entry);
  try {
    return await work();
  } finally {
    pending.delete(entry);
    await entry.run();
  }
}

/**
 * Lets a signal that arrived during synchronous work be handled now: call it before a step that
 * commits the work, so that an interrupted run stops before it instead of after it. Signals are
 * read in the event loop's poll phase; the second turn is certain to have passed one.
 */
export async function yieldToSignals(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}

function newest(): Pending | undefined {
  return [...pending].at(-1);
}

const EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

/** For the command-line entry point only: what a signal does to a running command. */
export function exitOnSignals(command: string, say: (text: string) => void): void {
  for (const [signal, code] of Object.entries(EXIT_CODES) as [NodeJS.Signals, number][]) {
    process.on(signal, () => {
      if (interrupted !== undefined) process.exit(code);
      interrupted = signal;
      say(`\nirvn ${command}: interrupted by ${signal}: stopping; a second signal stops at once\n`);
      void (async () => {
        // newest first; a cleanup may wait for work that registered its own meanwhile
        for (let entry = newest(); entry !== undefined; entry = newest()) {
          pending.delete(entry);
          await entry.run(signal).catch(() => undefined);
        }
        say(`irvn ${command}: stopped by ${signal}; its temporary files are removed\n`);
        process.exit(code);
      })();
    });
  }
}
