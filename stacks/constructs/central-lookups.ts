// Data sources by which a layer stack finds what the central stack owns: the datacenter and
// the tags. Stacks are coupled by names, not by remote state (architecture decision 5).
import { TerraformIterator, type TerraformStack } from "../terraform/elements.ts";
import { DataVsphereDatacenter, DataVsphereTag, DataVsphereTagCategory } from "../terraform/vsphere.ts";
import { instanceRef, interpolate } from "./references.ts";

export interface CentralLookupsProps {
  readonly datacenter: string;
  /** All tag categories (the lookups take the ones the tags need). */
  readonly tagCategories: readonly { readonly id: string; readonly name: string }[];
  /** Tags to look up, as keys `<category>/<name>`. */
  readonly tags: readonly string[];
}

export interface CentralLookups {
  readonly datacenterId: string;
  /** The id of the tag whose `<category>/<name>` key `keyExpression` yields, as an interpolation. */
  tagId(keyExpression: string): string;
  /** The same as a bare expression, for use inside another expression. */
  tagRef(keyExpression: string): string;
}

/** Adds `data.vsphere_datacenter.datacenter`, `data.vsphere_tag_category.categories` and `data.vsphere_tag.tags`. */
export function addCentralLookups(stack: TerraformStack, props: CentralLookupsProps): CentralLookups {
  const datacenter = new DataVsphereDatacenter(stack, "datacenter", { name: props.datacenter });
  const split = (key: string) => ({
    category: key.slice(0, key.indexOf("/")),
    name: key.slice(key.indexOf("/") + 1),
  });
  const used = new Set(props.tags.map((k) => split(k).category));
  const categories = TerraformIterator.fromMap(
    Object.fromEntries(
      props.tagCategories.filter((c) => used.has(c.id)).map((c) => [c.id, { name: c.name }]),
    ),
  );
  const categoryLookup = new DataVsphereTagCategory(stack, "categories", {
    forEach: categories,
    name: categories.getString("name"),
  });
  const tags = TerraformIterator.fromMap(Object.fromEntries(props.tags.map((key) => [key, split(key)])));
  const tagLookup = new DataVsphereTag(stack, "tags", {
    forEach: tags,
    name: tags.getString("name"),
    categoryId: interpolate(instanceRef(categoryLookup, "each.value.category", "id")),
  });
  return {
    datacenterId: datacenter.id,
    tagId: (keyExpression) => interpolate(instanceRef(tagLookup, keyExpression, "id")),
    tagRef: (keyExpression) => instanceRef(tagLookup, keyExpression, "id"),
  };
}
