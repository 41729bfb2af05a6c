// BIO classifications (confidentiality, integrity, availability; each low, medium or high):
// comparing them and writing them out the same way everywhere.
import type { ClassificationConfig } from "./schema/common.ts";
import { CLASSES } from "./schema/values.ts";

export type Classification = ClassificationConfig;
export type Aspect = keyof Classification;
export type Class = (typeof CLASSES)[number];

export const ASPECTS: readonly Aspect[] = ["confidentiality", "integrity", "availability"];

/** What lies outside IRVN (the internet, Diginetwerk): below every zone. */
export const OUTSIDE: Classification = { confidentiality: "low", integrity: "low", availability: "low" };

export const rank = (c: Class) => CLASSES.indexOf(c);

/** The aspects on which `a` is classified above `b`. */
export function aspectsAbove(a: Classification, b: Classification, aspects = ASPECTS): Aspect[] {
  return aspects.filter((x) => rank(a[x]) > rank(b[x]));
}

/** `C high, I high, A medium`. */
export function describeClassification(c: Classification): string {
  return ASPECTS.map((x) => `${x[0]!.toUpperCase()} ${c[x]}`).join(", ");
}

/** `H/H/M`: confidentiality/integrity/availability, first letters, for narrow table columns. */
export function shortClassification(c: Classification): string {
  return ASPECTS.map((x) => c[x][0]!.toUpperCase()).join("/");
}
