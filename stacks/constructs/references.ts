// Terraform expressions built from the constructs they name, never written by hand: renaming a
// construct id (which moves its state) renames every expression with it, and
// test/interpolations.test.ts holds every stack to naming only blocks it holds.
import { TerraformDataSource, type TerraformResource } from "../cdk.ts";

type Block = TerraformResource | TerraformDataSource;

/** How expressions name a block: `<type>.<id>`, or `data.<type>.<id>` for a data source. */
export function blockRef(block: Block): string {
  const prefix = block instanceof TerraformDataSource ? "data." : "";
  return `${prefix}${block.terraformResourceType}.${block.friendlyUniqueId}`;
}

/**
 * An attribute of one instance of a `for_each` block, as an expression; `key` is an expression
 * too (`each.key`, a `for` variable, or a key known now through `literal`).
 */
export function instanceRef(block: Block, key: string, attribute: string): string {
  return `${blockRef(block)}[${key}].${attribute}`;
}

/** An expression as the interpolation a string attribute holds. */
export const interpolate = (expression: string): string => `\${${expression}}`;

/** A key known when synthesizing, as an expression. */
export const literal = (key: string): string => JSON.stringify(key);
