// Workplace and application stacks of the reference configuration, and the reports beside them.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { inlineTables } from "../../scripts/terraform-json/blocks.ts";

type Block = Record<string, unknown> & { for_each: Record<string, Record<string, unknown>> };
type Tf = {
  import?: unknown[];
  resource: Record<string, Record<string, Block>>;
  variable: Record<string, { sensitive?: boolean }>;
  data: Record<string, Record<string, Block>>;
};

describe("workplace and application stacks", () => {
  let out: string;
  const stack = (name: string) =>
    inlineTables(JSON.parse(readFileSync(join(out, "stacks", name, "cdk.tf.json"), "utf8"))) as Tf;
  const vmBlocks = (name: string) => Object.values(stack(name).resource.vsphere_virtual_machine ?? {});
  const vmCount = (name: string) => vmBlocks(name).reduce((n, b) => n + Object.keys(b.for_each).length, 0);

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "irvn-wp-"));
    const r = await runCli(["synth", "--out", out], undefined);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("gives every municipality with office automation a workplace stack, and only Nijmegen an applications stack", () => {
    const stacks = readdirSync(join(out, "stacks")).sort();
    expect(stacks.filter((s) => s.startsWith("workplace-"))).toHaveLength(7);
    expect(stacks.filter((s) => s.startsWith("applications-"))).toEqual(["applications-nijmegen"]);
  });

  it("gives Nijmegen more workplace VMs than Mook en Middelaar, as sized from staff", () => {
    // Nijmegen: 95 session hosts + 84 desktops; Mook en Middelaar: 70 people → 60 users /15 → 4+1, 4 desktops +1;
    // each with its profile file server beside them
    expect(vmCount("workplace-nijmegen")).toBe(179 + 1);
    expect(vmCount("workplace-mook-en-middelaar")).toBe(10 + 1);
  });

  it("gives every VM a disk, a network interface, a clone source; ignores creation-only data and false drift", () => {
    for (const name of readdirSync(join(out, "stacks")).filter((s) =>
      /^(workplace-|applications-|platform$)/.test(s),
    )) {
      for (const vm of vmBlocks(name).filter((b) => b.clone !== undefined)) {
        expect((vm.disk as unknown[]).length, name).toBeGreaterThan(0);
        expect((vm.network_interface as { network_id: string }[])[0]!.network_id, name).toMatch(
          /^\$\{data\.vsphere_network\.networks\["irvn-.+"\]\.id\}$/,
        );
        expect((vm.clone as { template_uuid: string }).template_uuid, name).toMatch(
          /^\$\{data\.vsphere_(content_library_item|virtual_machine)\./,
        );
        expect((vm.lifecycle as { ignore_changes: string[] }).ignore_changes).toEqual([
          "clone",
          "extra_config",
          "cdrom",
          "custom_attributes",
        ]);
      }
    }
  });

  it("shapes adopted VMs from their inventory: disks and NICs per VM, no clone block, only vCenter's additions ignored", () => {
    const apps = stack("applications-nijmegen");
    const vms = apps.resource.vsphere_virtual_machine!;
    expect(Object.keys(vms).filter((b) => vms[b]!.clone === undefined)).toEqual([
      "sociaal_domein_vms",
      "zaaksysteem_vms",
    ]);
    const zs = vms.zaaksysteem_vms! as Block & {
      dynamic: Record<string, { for_each: string; content: object }>;
    };
    expect(zs.lifecycle).toEqual({ ignore_changes: ["cdrom", "custom_attributes"] });
    expect(zs).not.toHaveProperty("extra_config");
    expect(zs.dynamic.disk!.for_each).toBe("${each.value.disks}");
    expect(zs.dynamic.network_interface!.content).toMatchObject({
      network_id: "${data.vsphere_network.networks[network_interface.value.port_group].id}",
      adapter_type: "${network_interface.value.adapter_type}",
    });
    expect(zs.scsi_controller_count).toBe("${each.value.scsi_controller_count}");
    // nij-zs003: a second SCSI controller (its data disk is unit 15), and a management NIC on the
    // legacy Beheer network (VLAN 5), which becomes the server segment
    const zs3 = zs.for_each["nijmegen/zaaksysteem-003"]!;
    expect(zs3).toMatchObject({ hostname: "nij-zs003", scsi_controller_count: 2, firmware: "efi" });
    expect(zs3.disks).toEqual([
      expect.objectContaining({ label: "Hard disk 1", unit_number: 0, size: 40, keep_on_remove: false }),
      expect.objectContaining({ label: "Hard disk 2", unit_number: 15, size: 1024, thin_provisioned: false }),
    ]);
    expect(zs3.nics).toEqual([
      expect.objectContaining({ port_group: "irvn-nijmegen-application", adapter_type: "vmxnet3" }),
      expect.objectContaining({ port_group: "irvn-nijmegen-server", adapter_type: "e1000e" }),
    ]);
    // a MAC address set by hand in the legacy vCenter stays set; a generated one is vCenter's;
    // the Suwinet segment, which the application asks for and the legacy VMs lack, is a new NIC
    // after the moved ones: a vmxnet3 adapter as the provider creates one
    const sd = vms.sociaal_domein_vms!.for_each;
    const suwinet = {
      port_group: "irvn-nijmegen-suwinet",
      adapter_type: "vmxnet3",
      use_static_mac: false,
      mac_address: null,
      bandwidth_limit: -1,
      bandwidth_reservation: 0,
      bandwidth_share_level: "normal",
    };
    expect(sd["nijmegen/sociaal-domein-002"]!.nics).toEqual([
      expect.objectContaining({
        port_group: "irvn-nijmegen-application",
        use_static_mac: true,
        mac_address: "00:50:56:8a:20:12",
      }),
      suwinet,
    ]);
    expect(sd["nijmegen/sociaal-domein-001"]!.nics).toEqual([
      expect.objectContaining({ use_static_mac: false, mac_address: null }),
      suwinet,
    ]);
    expect(sd["nijmegen/sociaal-domein-001"]).toMatchObject({ scsi_type: "lsilogic-sas", firmware: "bios" });
    expect(apps.import).toContainEqual({
      id: "/IRVN Centraal Datacentrum/vm/irvn/nijmegen/nij-zs003",
      to: 'vsphere_virtual_machine.zaaksysteem_vms["nijmegen/zaaksysteem-003"]',
    });
  });

  it("boots Windows 11 desktops with Secure Boot and a vTPM, and names the key provider they need", () => {
    const vms = stack("workplace-druten").resource.vsphere_virtual_machine!;
    expect(vms.power_desktop_vms!.efi_secure_boot_enabled).toBe(true);
    expect(vms.power_desktop_vms!.vtpm).toEqual({ version: "2.0" });
    expect(vms.power_desktop_vms!.firmware).toBe("efi");
    // Windows Server session hosts: no vTPM asked of their template
    expect(vms.office_session_vms!.vtpm).toBeUndefined();
    expect(readFileSync(join(out, "docs", "rollout", "first-rollout.md"), "utf8")).toContain(
      "VMs cloned from win-desktop boot with Secure Boot and carry a\nvirtual TPM: vCenter needs a key provider",
    );
  });

  it("keys VMs <municipality>/<pool>-<nnn> with host names that fit NetBIOS", () => {
    const pool = stack("workplace-nijmegen").resource.vsphere_virtual_machine!.office_session_vms!;
    const keys = Object.keys(pool.for_each);
    expect(keys[0]).toBe("nijmegen/office-session-001");
    expect(keys.at(-1)).toBe("nijmegen/office-session-095");
    for (const item of Object.values(pool.for_each))
      expect(String(item.hostname).length).toBeLessThanOrEqual(15);
    expect(pool.for_each["nijmegen/office-session-007"]!.hostname).toBe("nij-sh007");
  });

  it("overrides HA only where the service level differs from the cluster, and spreads pools over the hosts", () => {
    const r = stack("workplace-nijmegen").resource;
    // session hosts and desktops restart at the clusters' own priority (medium): no override
    // restating it; the profile file server they need restarts before them
    expect(Object.keys(r.vsphere_ha_vm_override!)).toEqual(["profile_files_ha"]);
    expect(r.vsphere_ha_vm_override!.profile_files_ha!.ha_vm_restart_priority).toBe("high");
    const central = stack("central").resource.vsphere_compute_cluster!.clusters!;
    expect(central.ha_vm_restart_priority).toBe("medium");
    // applications are hosted at their business-impact level (standard: high), not the
    // functional-management service's unagreed level
    const apps = stack("applications-nijmegen").resource;
    expect(apps.vsphere_ha_vm_override!.sociaal_domein_ha!.ha_vm_restart_priority).toBe("high");
    expect(Object.keys(apps.vsphere_ha_vm_override!.sociaal_domein_ha!.for_each)).toEqual(
      Object.keys(apps.vsphere_virtual_machine!.sociaal_domein_vms!.for_each),
    );
    const groups = Object.values(
      r.vsphere_compute_cluster_vm_anti_affinity_rule!.office_session_spread!.for_each,
    ) as { vms: string[] }[];
    expect(groups.flatMap((g) => g.vms)).toHaveLength(95);
    // 14 hosts with 1 failed: at most 13 VMs per rule, so DRS can honour every rule
    for (const g of groups) expect(g.vms.length).toBeLessThanOrEqual(13);
  });

  it("tags VMs with tenant, service, profile, backup policy and wave", () => {
    const vm = stack("workplace-druten").resource.vsphere_virtual_machine!.power_desktop_vms!;
    expect(vm.tags).toEqual([
      '${data.vsphere_tag.tags["tenant/druten"].id}',
      '${data.vsphere_tag.tags["service/office-automation"].id}',
      '${data.vsphere_tag.tags["profile/power-desktop"].id}',
      '${data.vsphere_tag.tags["backup/daily-14d"].id}',
      '${data.vsphere_tag.tags["wave/werkplek-2018-b"].id}',
    ]);
  });

  it("customises Windows by a specification kept in vCenter and Linux through cloud-init; no credential in any stack", async () => {
    const wp = stack("workplace-druten");
    const windows = wp.resource.vsphere_virtual_machine!.office_session_vms!.clone as Record<string, unknown>;
    expect(windows.customization_spec).toEqual({ id: "irvn-druten-windows" });
    expect(windows).not.toHaveProperty("customize");
    // nothing for Terraform to hold: no credential variable, and no lookup of the specification
    // (its data source would read the specification's encrypted passwords into state)
    expect(Object.keys(wp.variable).sort()).toEqual(["vsphere_password", "vsphere_user"]);
    expect(JSON.stringify([wp.resource, wp.data])).not.toMatch(/password|guest_os_customization|sysprep/);
    await expect(
      readFileSync(join(out, "docs", "guest", "customization-specs.md"), "utf8"),
    ).toMatchFileSnapshot("__snapshots__/customization-specs.md");
    const linux = stack("applications-nijmegen").resource.vsphere_virtual_machine!.gegevensmagazijn_vms!;
    const extra = linux.extra_config as Record<string, string>;
    expect(Buffer.from(extra["guestinfo.userdata"]!, "base64").toString()).toMatch(
      /^#cloud-config\n(#.*\n)*timezone: "Europe\/Amsterdam"\n/,
    );
    const metadata = Buffer.from(
      String(linux.for_each["nijmegen/gegevensmagazijn-002"]!.metadata),
      "base64",
    ).toString();
    expect(metadata).toBe(
      'instance-id: "nijmegen/gegevensmagazijn-002"\nlocal-hostname: "nij-gm002"\nhostname: "nij-gm002.irvn.local"\n',
    );
  });

  it("puts the shared session-platform servers in one stack, on the facilities, kept apart in pairs", () => {
    const stacks = readdirSync(join(out, "stacks"));
    const platform = stack("platform").resource;
    const vms = platform.vsphere_virtual_machine!;
    expect(Object.keys(vms).sort()).toEqual(["connection_broker_vms", "gateway_vms", "licensing_vms"]);
    // nowhere else
    for (const name of stacks.filter((x) => x !== "platform"))
      expect(Object.keys(stack(name).resource.vsphere_virtual_machine ?? {}), name).not.toEqual(
        expect.arrayContaining(["connection_broker_vms"]),
      );
    const nic = (b: string) => (vms[b]!.network_interface as { network_id: string }[])[0]!.network_id;
    expect(nic("connection_broker_vms")).toBe(
      '${data.vsphere_network.networks["irvn-gen-session-platform"].id}',
    );
    expect(nic("gateway_vms")).toBe('${data.vsphere_network.networks["irvn-gen-dmz"].id}');
    expect(vms.gateway_vms!.folder).toBe("irvn/facilities");
    expect(Object.keys(vms.gateway_vms!.for_each)).toEqual([
      "facilities/gateway-001",
      "facilities/gateway-002",
    ]);
    // each HA pair on two hosts; licensing alone, at the clusters' priority
    const rules = platform.vsphere_compute_cluster_vm_anti_affinity_rule!;
    expect(Object.keys(rules).sort()).toEqual(["connection_broker_spread", "gateway_spread"]);
    expect(Object.values(rules.gateway_spread!.for_each)).toEqual([
      { name: "irvn-facilities-gateway-spread-1", vms: ["facilities/gateway-001", "facilities/gateway-002"] },
    ]);
    expect(Object.keys(platform.vsphere_ha_vm_override!).sort()).toEqual([
      "connection_broker_ha",
      "gateway_ha",
    ]);
    // their pool and folder come from central; the stack is applied after the facilities' port groups
    const central = stack("central").resource;
    expect(central.vsphere_folder!.shared_folder!.path).toBe("irvn/facilities");
    expect(Object.keys(central.vsphere_resource_pool!.shared_pools!.for_each)).toEqual(["facilities/server"]);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as {
      stacks: Record<string, { dependencies: string[] }>;
    };
    expect(manifest.stacks.platform!.dependencies.sort()).toEqual(["library", "network"]);
  });

  it("gives each municipality's workplace stack its profile file server, the profile share on a disk of its own", () => {
    const vm = stack("workplace-druten").resource.vsphere_virtual_machine!.profile_files_vms!;
    expect(Object.keys(vm.for_each)).toEqual(["druten/profile-files-001"]);
    expect(vm.for_each["druten/profile-files-001"]!.hostname).toBe("dru-fs001");
    expect(vm.disk).toEqual([
      { label: "os", size: 100, thin_provisioned: true, unit_number: 0 },
      // druten.yaml: profileShareGiB 2560 for 132 users' containers of 15 GiB
      { label: "profiles", size: 2560, thin_provisioned: true, unit_number: 1 },
    ]);
    expect((vm.network_interface as { network_id: string }[])[0]!.network_id).toBe(
      '${data.vsphere_network.networks["irvn-druten-server"].id}',
    );
    expect(vm.resource_pool_id).toBe('${data.vsphere_resource_pool.resource_pools["server"].id}');
  });

  it("writes the input reports per municipality and for the region", async () => {
    await expect(readFileSync(join(out, "docs", "inputs", "nijmegen.md"), "utf8")).toMatchFileSnapshot(
      "__snapshots__/inputs-nijmegen.md",
    );
    const region = readFileSync(join(out, "docs", "inputs", "region.md"), "utf8");
    expect(region).toMatch(/\| Nijmegen \| Functioneel beheer \| Geen SLA afgesproken \|/);
    expect(region).toMatch(/\| Druten \| Mobiele telefonie \| held by Nijmegen \|/);
    const csv = readFileSync(join(out, "docs", "inputs", "inputs.csv"), "utf8");
    expect(csv).toContain("nijmegen,hours,functional management per month,1900,hour\n");
    expect(csv).toContain("nijmegen,storage,profile share on the profile file servers,25600,GiB\n");
    expect(csv).toContain("region,vcpu,shared servers,18,vCPU\n");
    // the shared servers count once, in the region's totals: its row of all VMs adds up
    const cells = (line: string) => line.split("|").map((c) => c.trim());
    const rows = region.split("\n").filter((l) => /^\| (\[|Shared|\*\*Region)/.test(l));
    const vms = rows.map((l) => Number(cells(l)[4]) || 0);
    expect(rows.at(-2)).toMatch(/^\| Shared session platform \| \| \| 5 \| 18 \| 72 \| 480 \|/);
    expect(vms.at(-1)).toBe(vms.slice(0, -1).reduce((a, b) => a + b, 0));
  });
});
