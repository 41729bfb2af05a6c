// Building blocks shared by every configuration schema. Formats are checked by our own
// functions (see ../formats.ts) so that a failure can say in words what is allowed; each carries
// its rule as a `pattern` too, which editors check as you type (they ignore custom formats).
import {
  Type,
  type Static,
  type TSchema,
  type TObject,
  type TProperties,
  type ObjectOptions,
} from "@sinclair/typebox";
import { FORMATS } from "../formats.ts";

/**
 * The keywords of a string in one of our formats: the format (what irvn checks) and its pattern with
 * the sentence to show when it fails (`patternErrorMessage`, which VS Code's and the YAML language
 * server's JSON Schema support show instead of the bare pattern).
 */
export function formatKeywords(format: string) {
  const f = FORMATS[format];
  if (!f) throw new Error(`unknown format "${format}"`);
  return { format, pattern: f.pattern, patternErrorMessage: `must be ${f.expected}` };
}

/** A string in one of our formats (stacks/model/formats.ts). */
export const Formatted = (format: string, description?: string) =>
  Type.String({ ...formatKeywords(format), ...(description === undefined ? {} : { description }) });

/** A closed object: unknown keys are errors (and get a "did you mean"). */
export function Closed<T extends TProperties>(properties: T, options: ObjectOptions = {}): TObject<T> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** Lower-case identifier, usable as a vSphere name part, a Terraform key and a file name. */
export const Id = (description: string) => Formatted("id", description);

/** Free text that reaches generated files: no control characters, quotes, backslashes or template openers. */
export const Text = (description: string) => Formatted("safe-text", description);

/** A calendar date written YYYY-MM-DD. */
export const IsoDate = (description: string) => Formatted("date", description);

export const Ipv4Cidr = (description: string) => Formatted("ipv4-cidr", description);
export const Ipv6Cidr = (description: string) => Formatted("ipv6-cidr", description);

/** A DNS host or domain name (lower case letters, digits, hyphens and dots). */
export const DnsName = (description: string) => Formatted("dns-name", description);

export const Count = (description: string, minimum = 0) =>
  Type.Integer({ minimum, maximum: 1_000_000, description });

export const Size = (description: string, minimum = 1) =>
  Type.Integer({ minimum, maximum: 10_000_000, description });

export const Share = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });

export const IdList = (description: string, minItems = 0) =>
  Type.Array(Formatted("id"), { description, minItems, maxItems: 1_000, uniqueItems: true });

import { CLASSES } from "./values.ts";

/** The three classes of each aspect of a BIO classification, lowest first. */
export { CLASSES };

/**
 * A classification of information processes, as BIO2 asks for instead of BIO1's
 * basisbeveiligingsniveaus (BBN): confidentiality, integrity and availability, each low, medium
 * or high (the business impact analysis decides them).
 */
export const Classification = (description: string) =>
  Closed(
    {
      confidentiality: Enum(CLASSES, "confidentiality (vertrouwelijkheid): harm if it is disclosed"),
      integrity: Enum(CLASSES, "integrity (integriteit): harm if it is wrong or altered"),
      availability: Enum(CLASSES, "availability (beschikbaarheid): harm if it is unavailable"),
    },
    { description },
  );

export type ClassificationConfig = Static<ReturnType<typeof Classification>>;

/** One of a fixed list of strings; a plain `enum` keeps validation errors to one line. */
export function Enum<const T extends readonly string[]>(values: T, description: string) {
  return Type.Unsafe<T[number]>({ type: "string", enum: [...values], description });
}

/** A map keyed by id (YAML keys give uniqueness for free and readable JSON pointers). */
export function IdMap<T extends TSchema>(values: T, description: string, minProperties = 0) {
  return Type.Unsafe<Record<string, Static<T>>>({
    type: "object",
    description,
    propertyNames: formatKeywords("id"),
    additionalProperties: values,
    minProperties,
    maxProperties: 10_000,
  });
}
