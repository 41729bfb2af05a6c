// The two ways in, judged by real terraform on the shadow, round by round as the operators' guide's
// sequences run them: a lookup finds only what an earlier round applied, or what the bootstrap
// made outside Terraform by then. The first rollout into an empty vCenter and the onboarding of
// a municipality plan and apply without a lookup that finds nothing; doing it out of order fails.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.ts";
import { tempConfig } from "../helpers/temp-config.ts";
import { skipBecause, terraformMissing } from "../terraform/helpers.ts";
import { buildShadow, PROVIDER_FACTS } from "./shadow.ts";
import { ipam, type Stacks, synthesizeStacks } from "./states.ts";
import { ShadowWorkspace } from "./terraform.ts";

const work = mkdtempSync(join(tmpdir(), "irvn-rollout-"));
let n = 0;

/** What the bootstrap has made outside Terraform by a point of the sequence. */
const NOTHING = () => false;
const HOSTS_JOINED = (type: string) => type === "vsphere_datastore";
const IMAGES_PUBLISHED = (type: string) =>
  HOSTS_JOINED(type) || type === "vsphere_content_library_item" || type === "vsphere_virtual_machine";

interface Round {
  /** Stacks planned and applied in this round (a name or a prefix followed by `*`). */
  readonly stacks: readonly string[];
  readonly external: (type: string) => boolean;
}

const matches = (pattern: string, name: string) =>
  pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern;

/**
 * Runs the rounds on a workspace: each plans the stacks of the rounds so far (the rest of `all`
 * kept out, as `irvn plan --stack` would) against what exists, then applies. Returns the
 * refusals of the first round that has any.
 */
async function rollOut(
  ws: ShadowWorkspace,
  all: Stacks,
  rounds: readonly Round[],
  keep: (stack: string) => boolean = () => false,
): Promise<string[]> {
  const included = new Set<string>(Object.keys(all).filter(keep));
  for (const round of rounds) {
    for (const name of Object.keys(all)) if (round.stacks.some((p) => matches(p, name))) included.add(name);
    const stacks = Object.fromEntries(Object.entries(all).filter(([name]) => included.has(name)));
    const shadow = buildShadow(stacks, PROVIDER_FACTS, {
      managed: await ws.stateAddresses(),
      external: (type) => round.external(type),
    });
    const plan = await ws.plan(shadow, { apply: true });
    if (plan.refused.length > 0) return [...plan.refused];
  }
  return [];
}

const FIRST_ROLLOUT: readonly Round[] = [
  { stacks: ["central"], external: NOTHING },
  { stacks: ["network"], external: NOTHING },
  // bootstrap: hosts join the clusters and the switch, vSAN and the library datastore come up
  { stacks: ["library"], external: HOSTS_JOINED },
  // bootstrap: the image pipeline publishes the templates, the customization specifications exist
  { stacks: ["network-*"], external: IMAGES_PUBLISHED },
  { stacks: ["workplace-*", "applications-*", "platform"], external: IMAGES_PUBLISHED },
];

describe.skipIf(skipBecause("rollout sequences with terraform", terraformMissing()))(
  "the first rollout and onboarding, round by round",
  () => {
    afterAll(() => rmSync(work, { recursive: true, force: true }));
    const reference = synthesizeStacks(ROOT);

    it("rolls the reference out into an empty vCenter in the documented sequence; then nothing is left to plan", async () => {
      const ws = new ShadowWorkspace(join(work, String(++n)));
      expect(await rollOut(ws, reference, FIRST_ROLLOUT)).toEqual([]);
      const again = await ws.plan(
        buildShadow(reference, PROVIDER_FACTS, { managed: await ws.stateAddresses() }),
      );
      expect(again).toEqual({ refused: [], changes: [] });
    }, 600_000);

    it("fails out of order: a stack planned with the one it looks up in, or the library before the hosts", async () => {
      const together = await rollOut(new ShadowWorkspace(join(work, String(++n))), reference, [
        { stacks: ["central", "network"], external: NOTHING },
      ]);
      expect(together).toContain(
        'network: data.vsphere_datacenter.datacenter finds no vsphere_datacenter yet "IRVN Centraal Datacentrum"',
      );
      const early = await rollOut(new ShadowWorkspace(join(work, String(++n))), reference, [
        { stacks: ["central"], external: NOTHING },
        { stacks: ["library"], external: NOTHING },
      ]);
      expect(early).toEqual([
        'library: data.vsphere_datastore.library_datastore finds no vsphere_datastore made outside Terraform "nfs-contentlibrary"',
      ]);
    }, 300_000);

    it("onboards a municipality: central, then its network, then its VMs; all at once fails", async () => {
      const t = tempConfig("irvn-onboard-");
      try {
        t.write(
          "municipalities/overbetuwe.yaml",
          t
            .read("municipalities/heumen.yaml")
            .replace("\nname: Heumen\n", "\nname: Overbetuwe\n")
            .replace("\ncode: heu\n", "\ncode: obt\n")
            // greenfield: nothing legacy to move, so no wave
            .replace(/\nlegacy:\n(?: .*\n)+/, "\n"),
        );
        await ipam(t.root);
        const onboarded = synthesizeStacks(t.root);
        const isNew = (s: string) => s.endsWith("-overbetuwe");
        expect(Object.keys(onboarded).filter(isNew).sort()).toEqual([
          "network-overbetuwe",
          "workplace-overbetuwe",
        ]);

        const baseline = join(work, String(++n));
        expect(
          (await new ShadowWorkspace(baseline).plan(buildShadow(reference, PROVIDER_FACTS), { apply: true }))
            .refused,
        ).toEqual([]);
        const copy = () => {
          const dir = join(work, String(++n));
          cpSync(baseline, dir, { recursive: true });
          return new ShadowWorkspace(dir);
        };
        const ws = copy();
        const everything = () => true;
        const old = (s: string) => !isNew(s);

        const steps = await rollOut(
          ws,
          onboarded,
          [
            { stacks: ["central"], external: everything },
            { stacks: ["network-overbetuwe"], external: everything },
            { stacks: ["workplace-overbetuwe"], external: everything },
          ],
          old,
        );
        expect(steps).toEqual([]);

        const refused = await rollOut(copy(), onboarded, [{ stacks: ["*"], external: everything }]);
        expect(refused).toContain(
          'network-overbetuwe: data.vsphere_tag.tags["tenant/overbetuwe"] finds no vsphere_tag yet "irvn-tenant/overbetuwe"',
        );
      } finally {
        t.remove();
      }
    }, 900_000);
  },
);
