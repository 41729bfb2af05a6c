// Data sources by which a layer stack finds what the central stack owns: the datacenter and
// the tags. Stacks are coupled by names, not by remote state (architecture decision 5).
import {
  DataVsphereDatacenter,
  DataVsphereTag,
  DataVsphereTagCategory,
  TerraformIterator,
  type TerraformStack,
} from "../cdk.ts";

export interface CentralLookupsProps {
  readonly datacenter: string;
  /** Tag category names keyed by category id (e.g. zone → irvn-zone). */
  readonly categories: Record<string, string>;
  /** Tags to look up, keyed `<category>/<name>`. */
  readonly tags: readonly { readonly category: string; readonly name: string }[];
}

export interface CentralLookups {
  readonly datacenterId: string;
  /** A Terraform expression for the id of the tag whose `<category>/<name>` key `keyExpression` yields. */
  tagId(keyExpression: string): string;
}

/** Adds `data.vsphere_datacenter.datacenter`, `data.vsphere_tag_category.categories` and `data.vsphere_tag.tags`. */
export function addCentralLookups(stack: TerraformStack, props: CentralLookupsProps): CentralLookups {
  const datacenter = new DataVsphereDatacenter(stack, "datacenter", { name: props.datacenter });
  const categories = TerraformIterator.fromMap(
    Object.fromEntries(Object.entries(props.categories).map(([id, name]) => [id, { name }])),
  );
  new DataVsphereTagCategory(stack, "categories", {
    forEach: categories,
    name: categories.getString("name"),
  });
  const tags = TerraformIterator.fromMap(
    Object.fromEntries(
      props.tags.map((t) => [`${t.category}/${t.name}`, { category: t.category, name: t.name }]),
    ),
  );
  new DataVsphereTag(stack, "tags", {
    forEach: tags,
    name: tags.getString("name"),
    categoryId: "${data.vsphere_tag_category.categories[each.value.category].id}",
  });
  return {
    datacenterId: datacenter.id,
    tagId: (keyExpression) => `\${data.vsphere_tag.tags[${keyExpression}].id}`,
  };
}
