// Credentials reach terraform only through the environment, and terraform marks sensitive values
// in its plan. Its human-readable output still shows values it does not know to be sensitive (an
// attribute derived from a secret, a backend error echoing a connection string), so everything
// irvn prints or writes from terraform goes through this mask first.
import type { Env } from "./exec.ts";
import type { PlanJson } from "./plan-json.ts";

const SECRET_NAME = /PASSWORD|SECRET|TOKEN|CONN_STR|PRIVATE_KEY|ACCESS_KEY|CREDENTIAL/i;
/** Shorter values would mask ordinary words; from the environment, also flags like `…_TOKEN=true`. */
const MIN_PLAN_SECRET_LENGTH = 4;
const MIN_ENV_SECRET_LENGTH = 6;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi;

export type Mask = (text: string) => string;

/**
 * Replaces with "***" the values of secret-looking environment variables, the given values (see
 * planSecrets) and passwords in URLs.
 */
export function secretMask(env: Env, known: readonly string[] = []): Mask {
  const fromEnv = Object.entries(env).flatMap(([name, value]) =>
    SECRET_NAME.test(name) && value !== undefined && value.length >= MIN_ENV_SECRET_LENGTH ? [value] : [],
  );
  const secrets = [...new Set([...fromEnv, ...known.filter((s) => s.length >= MIN_PLAN_SECRET_LENGTH)])]
    // Longest first, so a secret that contains another is masked whole.
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let masked = text;
    for (const secret of secrets) masked = masked.replaceAll(secret, "***");
    return masked.replace(URL_PASSWORD, "$1***@");
  };
}

/** Every string value the plan marks sensitive: variables, resource attributes, outputs. */
export function planSecrets(plan: PlanJson): string[] {
  const found: string[] = [];
  const variables = plan.configuration?.root_module?.variables ?? {};
  for (const [name, v] of Object.entries(plan.variables ?? {})) {
    if (variables[name]?.sensitive === true) collect(v.value, true, found);
  }
  for (const rc of plan.resource_changes ?? []) {
    collect(rc.change.before, rc.change.before_sensitive, found);
    collect(rc.change.after, rc.change.after_sensitive, found);
  }
  for (const oc of Object.values(plan.output_changes ?? {})) {
    collect(oc.before, oc.before_sensitive, found);
    collect(oc.after, oc.after_sensitive, found);
  }
  return found;
}

/** `marks` mirrors `value`'s shape; `true` marks the whole subtree sensitive. */
function collect(value: unknown, marks: unknown, found: string[]): void {
  if (value === null || value === undefined || marks === undefined || marks === null || marks === false)
    return;
  if (marks === true) {
    if (typeof value === "string") found.push(value);
    else if (typeof value === "object") for (const v of Object.values(value)) collect(v, true, found);
    return;
  }
  if (typeof marks === "object" && typeof value === "object") {
    for (const [key, mark] of Object.entries(marks))
      collect((value as Record<string, unknown>)[key], mark, found);
  }
}
