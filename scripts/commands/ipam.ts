// `irvn ipam`: allocate addresses and VLANs for new items into config/ipam.lock.yaml, check
// the lock in CI (`--check`), or release entries (`--release KEY`).
import { statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import {
  LOCK_FILE,
  type LockPlan,
  planLock,
  renderLock,
  type Replan,
  validateConfig,
} from "../../stacks/model/index.ts";
import { parseOptions } from "../args.ts";
import { removeLeftoverTemps, snapshot, writeFileAtomic } from "../atomic-file.ts";
import { yieldToSignals } from "../cleanup.ts";
import { withLock } from "../file-lock.ts";
import { type Command, type CommandIo, EXIT } from "../io.ts";
import { lockPlanReport, problemReport } from "../report.ts";

const HELP = `usage: irvn ipam [--config DIR] [--check] [--release KEY]... [--rekey OLD=NEW]...
                 [--grow KEY]... [--renumber-ipv6 KEY]...

Allocates a block per tenant and for the facilities, and a VLAN, IPv4 prefix and IPv6 /64 per
segment, into DIR/${LOCK_FILE} (default DIR: config). Only new items are allocated; existing
entries never move. An entry whose item was removed keeps its space until released. One run
writes at a time (a second waits up to 10 s, then fails naming the first), and only over the file
as it read it: a lock file another program changed meanwhile is left alone.

  --check          change nothing; exit 1 when the lock lacks entries or holds released-to-be
                   (orphaned) ones, or does not match the configuration (for CI)
  --release KEY    remove an entry (e.g. druten/voip), freeing its space; an item that still
                   exists gets a new allocation in the same run. Repeatable.
  --rekey OLD=NEW  a reviewed step: the entry OLD, whose item is gone, becomes the entry of item
                   NEW, its VLAN and prefixes unchanged (a renamed site; a segment that became
                   the subnet of its tenant's main site). Repeatable.
  --grow KEY       a reviewed step: give segment KEY, too small for its demand, an IPv4 prefix
                   the size its demand asks (widened in place where the space beside it is free,
                   else the lowest free prefix in its tenant's block); its VLAN and IPv6 stay and
                   no other entry moves. Repeatable.
  --renumber-ipv6 KEY
                   a reviewed step: give segment KEY a new IPv6 /64 where the configuration
                   now puts it, or take its IPv6 away when it is not routed; its VLAN and IPv4
                   stay and no other entry moves. Repeatable.

Exit codes: 0 up to date or written, 1 problems or (with --check) out of date, 2 usage error.
`;

const SHOWN = 30;
const listed = (keys: readonly string[]) =>
  keys
    .slice(0, SHOWN)
    .map((k) => `  ${k}\n`)
    .join("") + (keys.length > SHOWN ? `  … and ${keys.length - SHOWN} more\n` : "");

export const ipam: Command = async (argv, io) => {
  const { values } = parseOptions(argv, {
    config: { type: "string", default: "config" },
    check: { type: "boolean" },
    release: { type: "string", multiple: true, default: [] },
    rekey: { type: "string", multiple: true, default: [] },
    grow: { type: "string", multiple: true, default: [] },
    "renumber-ipv6": { type: "string", multiple: true, default: [] },
    help: { type: "boolean" },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const rekey = values.rekey.map((pair) => {
    const [from = "", to = "", ...rest] = pair.split("=");
    return rest.length === 0 && from !== "" && to !== "" ? { from, to } : undefined;
  });
  if (rekey.includes(undefined)) {
    io.stderr(
      `irvn ipam: --rekey takes OLD=NEW (got ${values.rekey
        .filter((_, i) => rekey[i] === undefined)
        .map((p) => JSON.stringify(p))
        .join(", ")})\n`,
    );
    return EXIT.usage;
  }
  const configDir = resolve(io.cwd, values.config);
  if (values.check) return check(io, planLock(configDir, io.cwd));
  if (!statSync(configDir, { throwIfNoEntry: false })?.isDirectory()) {
    io.stderr(problemReport(validateConfig(configDir, io.cwd).problems)); // not found: say so as validate does
    return EXIT.invalid;
  }
  // One run at a time writes the lock, and only over the bytes it planned from: two runs at once
  // take turns, and a lock another program rewrote meanwhile is not overwritten.
  const path = join(configDir, LOCK_FILE);
  const what = relative(io.cwd, path) || path;
  const plan: Replan = {
    rekey: rekey as { from: string; to: string }[],
    grow: values.grow,
    renumberIpv6: values["renumber-ipv6"],
  };
  return withLock(path, { what, waiting: io.stderr }, () =>
    allocateInto(io, configDir, values.release, plan),
  );
};

async function allocateInto(
  io: CommandIo,
  configDir: string,
  release: readonly string[],
  plan: Replan,
): Promise<number> {
  const path = join(configDir, LOCK_FILE);
  removeLeftoverTemps(path);
  const before = snapshot(path);
  const planned = planLock(configDir, io.cwd, release, plan);
  if (!planned.ok) {
    io.stderr(lockPlanReport(planned));
    return EXIT.invalid;
  }
  const { result, lockFile } = planned;
  const text = renderLock(result.lock);
  if (planned.previousText !== text) {
    await yieldToSignals();
    writeFileAtomic(path, text, { unchangedSince: before, shown: lockFile });
  }
  const { rekey = [], grow = [], renumberIpv6 = [] } = plan;
  const steps = [
    ...(release.length > 0 ? [`released ${release.length}`] : []),
    ...(rekey.length > 0 ? [`rekeyed ${rekey.length}`] : []),
    ...(grow.length > 0 ? [`grew ${grow.join(", ")}`] : []),
    ...(renumberIpv6.length > 0 ? [`renumbered the IPv6 of ${renumberIpv6.join(", ")}`] : []),
  ];
  io.stdout(
    result.added.length === 0 && steps.length === 0
      ? `${lockFile}: up to date\n`
      : `${lockFile}: ${[...steps, `allocated ${result.added.length}`].join(", ")}\n${listed(result.added)}`,
  );
  if (result.orphans.length > 0) {
    io.stdout(
      `kept ${result.orphans.length} entr${result.orphans.length === 1 ? "y" : "ies"} whose item is gone (release with --release KEY):\n${listed(result.orphans)}`,
    );
  }
  return EXIT.ok;
}

function check(io: CommandIo, planned: LockPlan): number {
  if (!planned.ok) {
    io.stderr(lockPlanReport(planned));
    return EXIT.invalid;
  }
  const { result, lockFile } = planned;
  const text = renderLock(result.lock);
  const stale: string[] = [];
  if (result.added.length > 0)
    stale.push(
      `${lockFile} lacks ${result.added.length} allocation(s):\n${listed(result.added)}Run \`irvn ipam\` and commit the lock.\n`,
    );
  if (result.orphans.length > 0)
    stale.push(
      `${lockFile} holds ${result.orphans.length} entr${result.orphans.length === 1 ? "y" : "ies"} for items that no longer exist:\n${listed(result.orphans)}Release them with \`irvn ipam ${result.orphans.map((k) => `--release ${k}`).join(" ")}\` or restore the items.\n`,
    );
  if (stale.length === 0 && planned.previousText !== text)
    stale.push(`${lockFile} is not in the form \`irvn ipam\` writes: run \`irvn ipam\` and commit it.\n`);
  if (stale.length > 0) {
    io.stderr(stale.join("\n"));
    return EXIT.invalid;
  }
  io.stdout(
    `${lockFile}: up to date (${Object.keys(result.lock.segments).length} segments, ${Object.keys(result.lock.blocks).length} blocks, ${Object.keys(result.lock.nat).length} NAT prefixes)\n`,
  );
  return EXIT.ok;
}
