// Reading and writing config/ipam.lock.yaml. The file is written by hand-rolled lines, one
// entry per line, so that a reviewer sees one line per allocation in a diff.
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import type { Problem } from "../problems.ts";
import type { IpamLock } from "../schema/index.ts";
import { checkShape } from "../shape.ts";
import { locate, readYaml } from "../source.ts";

export const LOCK_FILE = "ipam.lock.yaml";

/** The lock before anything is allocated: what a configuration without a lock file starts from. */
export const EMPTY_LOCK: IpamLock = { version: 1, blocks: {}, segments: {}, nat: {} };

const HEADER = `# yaml-language-server: $schema=./schema/ipam-lock.schema.json
# Written by \`irvn ipam\`: the address and VLAN allocations, committed like a package lock.
# An entry never moves once made. An entry whose item was removed from the configuration keeps
# its space until \`irvn ipam --release <key>\` frees it. Do not edit by hand.
`;

export interface LockRead {
  readonly lock?: IpamLock;
  readonly exists: boolean;
  readonly problems: Problem[];
  /** Line and column of an entry, for problems about it. */
  readonly position: (pointer: string) => { line: number; col: number };
}

export function readLock(path: string, display: string): LockRead {
  if (!existsSync(path))
    return { lock: EMPTY_LOCK, exists: false, problems: [], position: () => ({ line: 1, col: 1 }) };
  const read = readYaml(path, display, dirname(path));
  if (!read.source) return { exists: true, problems: read.problems, position: () => ({ line: 1, col: 1 }) };
  const source = read.source;
  const position = (pointer: string) => locate(source, { pointer });
  const findings = checkShape("ipam-lock", display, source.data);
  if (findings.length > 0) {
    const problems = findings.map((f) => ({
      file: f.file,
      pointer: f.pointer,
      message: f.message,
      ...locate(source, f),
    }));
    return { exists: true, problems, position };
  }
  return { lock: source.data as IpamLock, exists: true, problems: [], position };
}

const quote = (s: string) => JSON.stringify(s);

export function renderLock(lock: IpamLock): string {
  const section = <T>(name: string, map: Record<string, T>, line: (v: T) => string) => {
    const keys = Object.keys(map).sort();
    if (keys.length === 0) return `${name}: {}\n`;
    return `${name}:\n${keys.map((k) => `  ${k}: { ${line(map[k]!)} }\n`).join("")}`;
  };
  return (
    HEADER +
    "version: 1\n" +
    section("blocks", lock.blocks, (b) => `ipv4: ${b.ipv4}, ipv6: ${quote(b.ipv6)}`) +
    section(
      "segments",
      lock.segments,
      (s) => `vlan: ${s.vlan}, ipv4: ${s.ipv4}${s.ipv6 === undefined ? "" : `, ipv6: ${quote(s.ipv6)}`}`,
    ) +
    section("nat", lock.nat, (n) => `ipv4: ${n.ipv4}`)
  );
}
