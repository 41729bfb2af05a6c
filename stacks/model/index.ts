// The model's front door: configuration directory in, validated and resolved model out (or
// every problem found). Commands and the cdktf entry point start here.
import type { IpamLock } from "./schema/index.ts";
import type { RawConfig } from "./load.ts";
import { type Model, resolveModel } from "./model.ts";
import type { Problem } from "./problems.ts";
import { parsePoint } from "./timeline.ts";
import { validateConfig } from "./validate.ts";

export type Loaded =
  | { ok: true; model: Model; config: RawConfig; lock: IpamLock }
  | { ok: false; problems: readonly Problem[] }
  /** `at` names neither a wave nor a date. */
  | { ok: false; usage: string; problems: readonly [] };

/** The model at `at` (a wave id or YYYY-MM-DD); without `at`, the target with every wave done. */
export function loadModel(configDir: string, cwd = process.cwd(), at?: string): Loaded {
  const validated = validateConfig(configDir, cwd);
  if (!validated.config || !validated.lock) return { ok: false, problems: validated.problems };
  const point = parsePoint(validated.config, at);
  if ("error" in point) return { ok: false, usage: point.error, problems: [] };
  return {
    ok: true,
    model: resolveModel(validated.config, validated.lock, point),
    config: validated.config,
    lock: validated.lock,
  };
}
