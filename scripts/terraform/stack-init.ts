// `terraform init` for one stack, with the committed provider lock file copied in first.
import { init } from "./commands.ts";
import type { Env } from "./exec.ts";
import type { Log } from "./scheduler.ts";
import type { Stack } from "./manifest.ts";
import { guardLocalStateDir } from "./local-state.ts";
import { copyLockIntoStack, LOCKS_DIR } from "./provider-locks.ts";
import { explainInitFailure } from "./preflight.ts";
import { requiredProviders, type StackConfig } from "./stack-config.ts";

/** Throws a StackFailure (fatal when a provider cannot be installed) if init fails. */
export async function initStack(
  projectDir: string,
  stack: Stack,
  config: StackConfig,
  env: Env,
  log: Log,
): Promise<void> {
  const providers = requiredProviders(config);
  const locked = await copyLockIntoStack(projectDir, stack);
  if (!locked && providers.length > 0) {
    log(
      `note: no committed provider lock file (${LOCKS_DIR}/${stack.name}.terraform.lock.hcl); ` +
        "`irvn providers lock` records one so every run installs the same provider builds.\n",
    );
  }
  await guardLocalStateDir(stack.dir, config);
  try {
    await init({ cwd: stack.dir, env }, { lockfileReadonly: locked });
  } catch (err) {
    throw explainInitFailure(err, stack.name, stack.dir, providers, env);
  }
}
