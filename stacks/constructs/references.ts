// Terraform expressions built from the blocks they name, never written by hand: renaming a
// block id (which moves its state) renames every expression with it, and
// test/interpolations.test.ts holds every stack to naming only blocks it holds.
import type { TerraformBlock } from "../terraform/elements.ts";

/** How expressions name a block: `<type>.<id>`, or `data.<type>.<id>` for a data source. */
export function blockRef(block: TerraformBlock): string {
  return block.fqn;
}

/**
 * An attribute of one instance of a `for_each` block, as an expression; `key` is an expression
 * too (`each.key`, a `for` variable, or a key known now through `literal`).
 */
export function instanceRef(block: TerraformBlock, key: string, attribute: string): string {
  return `${blockRef(block)}[${key}].${attribute}`;
}

/** An expression as the interpolation a string attribute holds. */
export const interpolate = (expression: string): string => `\${${expression}}`;

/** A key known when synthesizing, as an expression. */
export const literal = (key: string): string => JSON.stringify(key);
