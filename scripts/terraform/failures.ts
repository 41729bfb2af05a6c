// Turning a failed terraform run into a message a person can act on: terraform's own diagnostics
// without the box drawing, plus what to do for the failures that have a known remedy.
import { TerraformError } from "./exec.ts";

/** A stack could not be initialised, planned or applied. `fatal`: other stacks would fail the same way. */
export class StackFailure extends Error {
  constructor(
    message: string,
    readonly fatal = false,
  ) {
    super(message);
    this.name = "StackFailure";
  }
}

/**
 * terraform's diagnostics from its stderr: the "Error:" blocks with their detail, unboxed. Falls
 * back to the whole stderr (or stdout) when there is no Error block; names the signal that killed it.
 */
export function terraformMessage(err: TerraformError): string {
  const lines = err.stderr.split("\n").map((line) => line.replace(/^[│╷╵]\s?/, "").trimEnd());
  const blocks: string[][] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    if (line.startsWith("Error: ")) blocks.push((current = [line]));
    else if (line.startsWith("Warning: ")) current = undefined;
    else current?.push(line);
  }
  const text = blocks.map((b) => b.join("\n").trim()).join("\n\n") || err.stderr.trim() || err.stdout.trim();
  // killed: say so first, whatever terraform managed to print before
  if (err.signal !== undefined) return text ? `${err.message}\n\n${text}` : err.message;
  return text || err.message;
}

const LOCKED = /Error acquiring the state lock/;
const STALE_PLAN = /Saved plan is stale/;

/** What to say when plan or apply fails; init failures have their own explanation in preflight. */
export function explainFailure(err: unknown, stack: string, stackDir: string): StackFailure {
  if (err instanceof StackFailure) return err;
  if (!(err instanceof TerraformError)) throw err;
  const message = terraformMessage(err);
  if (LOCKED.test(message)) {
    return new StackFailure(
      `${message}\n\nThe state of stack ${stack} is locked by another plan or apply. Wait for it to finish ` +
        "and run again. Only if that run died and left its lock behind (the local, S3 and http backends can; pg " +
        "releases a lock with the run's database session), run `terraform force-unlock <ID>` in " +
        `${stackDir}, with the ID of the lock in the backend.`,
    );
  }
  if (STALE_PLAN.test(message)) {
    return new StackFailure(
      `${message}\n\nThe state of stack ${stack} changed after this plan was made. Run \`irvn plan\` again.`,
    );
  }
  return new StackFailure(message);
}
