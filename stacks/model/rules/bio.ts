// Rules from the BIO (the Dutch government security baseline) that the configuration can prove.
import type { Finding } from "../problems.ts";
import { type Rule, entries, finding } from "./context.ts";

export const linkEncryption: Rule = {
  id: "bio-8.21.04-link-encryption",
  phase: "shape-valid",
  independent: true,
  description: "fibre links outside the controlled area are encrypted, or the waiver says why",
  check: ({ config, files }) => {
    const out: Finding[] = [];
    for (const { id: tenant, config: t } of config.tenants) {
      for (const [id, link] of entries(t.fibreLinks)) {
        const path = ["fibreLinks", id];
        if (link.encryption === "waived" && link.waiverReason === undefined) {
          out.push(
            finding(
              files.tenant(tenant),
              [...path, "encryption"],
              "encryption is waived without a reason: add `waiverReason` (BIO 8.21.04) or set macsec or ipsec",
            ),
          );
        }
        if (link.encryption !== "waived" && link.waiverReason !== undefined) {
          out.push(
            finding(
              files.tenant(tenant),
              [...path, "waiverReason"],
              `the link is encrypted (${link.encryption}): remove \`waiverReason\``,
            ),
          );
        }
      }
    }
    return out;
  },
};

export const backupLocation: Rule = {
  id: "bio-8.13.03-backup-location",
  phase: "shape-valid",
  independent: true,
  description: "backups are kept at a location where one incident cannot also hit the VMs",
  check: ({ config, files }) => {
    const stores = entries(config.region.datastores);
    const vmLocations = new Set(stores.filter(([, d]) => d.role === "vm").map(([, d]) => d.location));
    const backups = stores.filter(([, d]) => d.role === "backup");
    if (backups.length === 0) {
      return [
        finding(
          files.region,
          ["datastores"],
          "no datastore has role backup: add one at a second location (BIO 8.13.03)",
          true,
        ),
      ];
    }
    return backups
      .filter(([, d]) => vmLocations.has(d.location))
      .map(([id, d]) =>
        finding(
          files.region,
          ["datastores", id, "location"],
          `backup datastore "${id}" is at ${d.location}, where VMs run too: put it at a second location (BIO 8.13.03)`,
        ),
      );
  },
};
