// What a command gets from the CLI: its arguments, where to write, the environment. Commands
// return their exit code; they never call process.exit, so tests can run them in-process.

export interface CommandIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, invalid: 1, error: 1, changes: 2, usage: 2 } as const;

/** A mistake in how the command was called: exit 2 with the message and a hint to --help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export type Command = (argv: string[], io: CommandIo) => Promise<number>;

/** An expected failure its message explains in one line (a busy lock, a file changed meanwhile): exit 1. */
export class Failure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Failure";
  }
}
