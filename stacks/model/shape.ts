// Shape validation: one ajv instance, every error at once, each turned into a sentence that
// says what is wrong, what was found and, for unknown keys and values, what was probably meant.
import type { ErrorObject, ValidateFunction } from "ajv";
import { FORMATS } from "./formats.ts";
import { type Finding, pointer, pointerSegments, show, suggestion } from "./problems.ts";
import { type FileKind, VALIDATOR_NAMES } from "./schema/values.ts";
// precompiled by `npm run gen:schema` (ajv standalone): nothing is compiled at start-up
import * as generated from "./validators.generated.ts";

const validators = generated as unknown as Record<string, ValidateFunction>;

export function checkShape(kind: FileKind, file: string, data: unknown): Finding[] {
  const validate = validators[VALIDATOR_NAMES[kind]]!;
  if (validate(data)) return [];
  return (validate.errors ?? []).flatMap((e) => describe(e, file, data));
}

type Schema = Record<string, unknown>;

function describe(e: ErrorObject, file: string, root: unknown): Finding[] {
  const schema = (e.parentSchema ?? {}) as Schema;
  const here = e.instancePath;
  // the propertyNames error itself only sums up the errors about the key, which come on their own
  if (e.keyword === "propertyNames") return [];
  // a format's pattern is its rule for editors: the format's own error says the same, in words
  if (e.keyword === "pattern" && typeof schema.format === "string") return [];
  // errors about a map key (propertyNames) carry the offending key
  const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    return [
      {
        file,
        pointer: here + pointer(propertyName),
        atKey: true,
        message: `key ${show(propertyName)} must be ${expected(schema)}`,
      },
    ];
  }
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(e.params.additionalProperty);
      const known = Object.keys((schema.properties as Schema | undefined) ?? {});
      return [
        { file, pointer: here + pointer(key), atKey: true, message: `unknown key${suggestion(key, known)}` },
      ];
    }
    case "required": {
      const key = String(e.params.missingProperty);
      const prop = ((schema.properties as Schema | undefined)?.[key] ?? {}) as Schema;
      const what = typeof prop.description === "string" ? ` (${prop.description})` : "";
      return [{ file, pointer: here, atKey: true, message: `missing required key "${key}"${what}` }];
    }
    case "discriminator": {
      const values = ((schema.oneOf as Schema[] | undefined) ?? []).map(
        (branch) => ((branch.properties as Schema).type as Schema).const as string,
      );
      const tag = String(e.params.tag);
      const got = valueAt(root, here + pointer(tag));
      return [
        {
          file,
          pointer: here + pointer(tag),
          message: `must be one of ${values.join(", ")} (got ${show(got)})`,
        },
      ];
    }
    case "enum": {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      const near = typeof e.data === "string" ? suggestion(e.data, allowed) : "";
      const hint = near.startsWith(" (did") ? near : "";
      return [
        {
          file,
          pointer: here,
          message: `must be one of ${allowed.join(", ")} (got ${show(e.data)})${hint}`,
        },
      ];
    }
    case "const":
      return [
        { file, pointer: here, message: `must be ${show(e.params.allowedValue)} (got ${show(e.data)})` },
      ];
    case "uniqueItems":
      return [
        {
          file,
          pointer: here + pointer(Number(e.params.i)),
          message: `${show((e.data as unknown[])[Number(e.params.i)])} is listed twice: remove one`,
        },
      ];
    case "minItems":
    case "maxItems":
    case "minProperties":
    case "maxProperties": {
      const limit = Number(e.params.limit);
      const noun = e.keyword.endsWith("Items") ? "item" : "entry";
      const bound = e.keyword.startsWith("min") ? "at least" : "at most";
      return [
        {
          file,
          pointer: here,
          message: `must have ${bound} ${limit} ${limit === 1 ? noun : noun === "item" ? "items" : "entries"}`,
        },
      ];
    }
    default:
      return [{ file, pointer: here, message: `must be ${expected(schema)} (got ${show(e.data)})` }];
  }
}

/** "an integer from 2 to 4094", "a date written YYYY-MM-DD", … from the schema of the value. */
function expected(schema: Schema): string {
  if (typeof schema.format === "string" && FORMATS[schema.format]) return FORMATS[schema.format]!.expected;
  const type = schema.type;
  const min = schema.minimum as number | undefined;
  const max = schema.maximum as number | undefined;
  if (type === "integer" || type === "number") {
    const noun = type === "integer" ? "an integer" : "a number";
    if (min !== undefined && max !== undefined) return `${noun} from ${min} to ${max}`;
    if (min !== undefined) return `${noun} >= ${min}`;
    if (max !== undefined) return `${noun} <= ${max}`;
    return noun;
  }
  switch (type) {
    case "string":
      return "text";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
      return "a mapping";
    default:
      return "valid";
  }
}

function valueAt(root: unknown, p: string): unknown {
  let node = root;
  for (const seg of pointerSegments(p)) {
    if (node === null || typeof node !== "object") return undefined;
    node = Object.hasOwn(node, seg) ? (node as Record<string, unknown>)[seg] : undefined;
  }
  return node;
}
