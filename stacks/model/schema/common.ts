// Building blocks shared by every configuration schema. Formats are checked by our own
// functions (see ../formats.ts) so that a failure can say in words what is allowed.
import {
  Type,
  type Static,
  type TSchema,
  type TObject,
  type TProperties,
  type ObjectOptions,
} from "@sinclair/typebox";

/** A closed object: unknown keys are errors (and get a "did you mean"). */
export function Closed<T extends TProperties>(properties: T, options: ObjectOptions = {}): TObject<T> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** Lower-case identifier, usable as a vSphere name part, a Terraform key and a file name. */
export const Id = (description: string) => Type.String({ format: "id", description });

/** Free text that reaches generated files: no control characters, quotes, backslashes or template openers. */
export const Text = (description: string) => Type.String({ format: "safe-text", description });

/** A calendar date written YYYY-MM-DD. */
export const IsoDate = (description: string) => Type.String({ format: "date", description });

export const Ipv4Cidr = (description: string) => Type.String({ format: "ipv4-cidr", description });
export const Ipv6Cidr = (description: string) => Type.String({ format: "ipv6-cidr", description });

/** A DNS host or domain name (lower case letters, digits, hyphens and dots). */
export const DnsName = (description: string) => Type.String({ format: "dns-name", description });

export const Count = (description: string, minimum = 0) =>
  Type.Integer({ minimum, maximum: 1_000_000, description });

export const Size = (description: string, minimum = 1) =>
  Type.Integer({ minimum, maximum: 10_000_000, description });

export const Share = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });

export const IdList = (description: string, minItems = 0) =>
  Type.Array(Type.String({ format: "id" }), { description, minItems, maxItems: 1_000, uniqueItems: true });

/** The three classes of each aspect of a BIO classification, lowest first. */
export const CLASSES = ["low", "medium", "high"] as const;

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
    propertyNames: { format: "id" },
    additionalProperties: values,
    minProperties,
    maxProperties: 10_000,
  });
}
