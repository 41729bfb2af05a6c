// The model's front door: configuration directory in, validated and resolved model out (or
// every problem found). Commands and the cdktf entry point start here.
import type { RawConfig } from "./load.ts";
import { type Model, resolveModel } from "./model.ts";
import type { Problem } from "./problems.ts";
import { validateConfig } from "./validate.ts";

export type Loaded =
  { ok: true; model: Model; config: RawConfig } | { ok: false; problems: readonly Problem[] };

export function loadModel(configDir: string, cwd = process.cwd()): Loaded {
  const validated = validateConfig(configDir, cwd);
  if (!validated.config || !validated.lock) return { ok: false, problems: validated.problems };
  return { ok: true, model: resolveModel(validated.config, validated.lock), config: validated.config };
}
