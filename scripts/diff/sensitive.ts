// Keeping credentials out of the report: a value is masked when its attribute is named like a
// secret anywhere along its path, when it sits inside a value under such a name, or when the
// caller knows it is sensitive (a Terraform variable or output marked `sensitive`).
import type { AttributeChange } from "./types.ts";
import { isObject } from "../terraform-json/json.ts";

export const MASK = "(sensitive)";

const SENSITIVE_NAME = /pass(word|wd|phrase)|secret|token|private_?key|api_?key|credential|certificate_key/i;

export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}

/** `provider.vsphere[0].password` → true: any segment of the path named like a secret. */
export function isSensitivePath(path: string): boolean {
  return path.split(/[.[\]]/).some((segment) => segment !== "" && isSensitiveName(segment));
}

/** The value with everything under a secret-like key replaced by the mask. */
export function maskDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskDeep);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = isSensitiveName(k) && v !== undefined ? MASK : maskDeep(v);
  return out;
}

/**
 * The change with secrets masked. `sensitivePaths` are dotted paths known to hold secrets (a
 * sensitive variable's `variable.x.default`): masked whether the change is at, under or above them.
 */
export function maskChange(change: AttributeChange, sensitivePaths: readonly string[] = []): AttributeChange {
  const whole = isSensitivePath(change.path) || sensitivePaths.some((p) => isWithin(change.path, p));
  const below = sensitivePaths
    .filter((p) => p.startsWith(`${change.path}.`))
    .map((p) => p.slice(change.path.length + 1));
  const mask = (v: unknown) =>
    whole ? MASK : below.reduce((acc, rel) => maskAt(acc, rel.split(".")), maskDeep(v));
  return {
    path: change.path,
    ...("old" in change ? { old: mask(change.old) } : {}),
    ...("new" in change ? { new: mask(change.new) } : {}),
  };
}

function isWithin(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

function maskAt(value: unknown, segments: readonly string[]): unknown {
  if (!isObject(value) || segments.length === 0) return value;
  const [first, ...rest] = segments as [string, ...string[]];
  if (!(first in value) || value[first] === undefined) return value;
  return { ...value, [first]: rest.length === 0 ? MASK : maskAt(value[first], rest) };
}
