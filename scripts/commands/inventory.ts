// `irvn inventory`: reads a tenant's legacy vCenter (read-only) and writes what it holds to
// config/inventory/<tenant>.yaml, the facts the adopted VMs' resource shape is built from.
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import {
  checkShape,
  FORMATS,
  INVENTORY_DIR,
  shownPointer,
  suggestion,
  TENANT_DIR,
} from "../../stacks/model/index.ts";
import { parseOptions } from "../args.ts";
import { removeLeftoverTemps, snapshot, writeFileAtomic } from "../atomic-file.ts";
import { withLock } from "../file-lock.ts";
import { readEstate, shapeInventory } from "../inventory/read.ts";
import { renderInventory } from "../inventory/render.ts";
import { type Command, EXIT, UsageError } from "../io.ts";
import { VsphereClient, VsphereError } from "../vsphere/client.ts";
import { XmlError } from "../vsphere/xml.ts";

const HELP = `usage: irvn inventory --vcenter HOST|URL --datacenter NAME --tenant ID [--folder PATH]
                      [--config DIR] [--out FILE] [--date YYYY-MM-DD] [--insecure]

Reads a tenant's legacy vCenter, read-only, and writes what one datacenter holds to
DIR/inventory/<tenant>.yaml (default DIR: config): per VM its folder, guest OS, firmware,
vCPU, memory, disks (labelled and ordered as the vSphere provider's import labels them, with
unit number, bus, size and provisioning), NICs (network, adapter type, MAC address, the IPv4
addresses the guest reports); the port groups with their VLANs and the datastores. Adopted
applications (\`adopt: true\`) are built from it, and \`irvn validate\` checks that every VM they
adopt is in it. The file is replaced in one step; on any failure nothing is written, nor when
another run wrote the file after this one started.

  --vcenter HOST|URL  the legacy vCenter: a host name (https://HOST/sdk) or a URL
  --datacenter NAME   the datacenter to read
  --tenant ID         the tenant (municipalities/<ID>.yaml) whose legacy vCenter it is
  --folder PATH       read only the VMs in this VM folder and below, e.g. Applicaties/Zaken
  --out FILE          write here instead of DIR/inventory/<tenant>.yaml
  --date YYYY-MM-DD   record the date of reading in the file (nothing is dated otherwise)
  --insecure          accept any server certificate: for a test simulator only; trust a real
                      vCenter's CA with NODE_EXTRA_CA_CERTS=<file> instead

Credentials come from the environment only: VSPHERE_USER and VSPHERE_PASSWORD, else
TF_VAR_vsphere_user and TF_VAR_vsphere_password. A read-only role suffices.

Exit codes: 0 written, 1 failure (connection, certificate, login, what was asked is not there),
2 usage error.
`;

/** https://HOST/sdk from a host name; a URL as given (/sdk when it has no path). */
export function vcenterUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value.includes("://") ? value : `https://${value}`);
  } catch {
    throw new UsageError(`--vcenter ${JSON.stringify(value)} is neither a host name nor a URL`);
  }
  if (url.username || url.password)
    throw new UsageError("--vcenter: put no credentials in the URL; set VSPHERE_USER and VSPHERE_PASSWORD");
  if (url.search || url.hash)
    throw new UsageError("--vcenter: a URL without query or fragment, e.g. https://vcenter.example.nl/sdk");
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol === "http:" && !loopback)
    throw new UsageError("--vcenter: http would send the password in clear; use https");
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new UsageError("--vcenter: an https:// URL or a host name");
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/sdk";
  return url;
}

/** The vCenter credentials from the environment, or undefined. */
function credentials(env: Readonly<Record<string, string | undefined>>) {
  const user = env.VSPHERE_USER || env.TF_VAR_vsphere_user;
  const password = env.VSPHERE_PASSWORD || env.TF_VAR_vsphere_password;
  return user && password ? { user, password } : undefined;
}

export const inventory: Command = async (argv, io) => {
  const { values } = parseOptions(argv, {
    vcenter: { type: "string" },
    datacenter: { type: "string" },
    tenant: { type: "string" },
    folder: { type: "string" },
    config: { type: "string", default: "config" },
    out: { type: "string" },
    date: { type: "string" },
    insecure: { type: "boolean", default: false },
    help: { type: "boolean" },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  for (const required of ["vcenter", "datacenter", "tenant"] as const)
    if (values[required] === undefined) throw new UsageError(`--${required} is required`);
  const url = vcenterUrl(values.vcenter!);
  const tenant = values.tenant!;
  if (!FORMATS.id!.check(tenant)) throw new UsageError(`--tenant must be ${FORMATS.id!.expected}`);
  for (const [option, value] of [
    ["datacenter", values.datacenter],
    ["folder", values.folder],
  ] as const)
    if (value !== undefined && !FORMATS["safe-text"]!.check(value))
      throw new UsageError(`--${option} must be ${FORMATS["safe-text"]!.expected}`);
  if (values.date !== undefined && !FORMATS.date!.check(values.date))
    throw new UsageError(`--date must be ${FORMATS.date!.expected}`);

  const configDir = resolve(io.cwd, values.config);
  const tenantDir = join(configDir, TENANT_DIR);
  if (!existsSync(join(tenantDir, `${tenant}.yaml`))) {
    const known = existsSync(tenantDir)
      ? readdirSync(tenantDir)
          .filter((f) => f.endsWith(".yaml"))
          .map((f) => f.slice(0, -5))
      : [];
    io.stderr(
      `irvn inventory: no tenant "${tenant}" in ${values.config}/${TENANT_DIR}/${suggestion(tenant, known)}: the inventory file is named after the tenant\n`,
    );
    return EXIT.error;
  }
  const login = credentials(io.env);
  if (!login) {
    io.stderr(
      "irvn inventory: no vCenter credentials: set VSPHERE_USER and VSPHERE_PASSWORD (or TF_VAR_vsphere_user and TF_VAR_vsphere_password)\n",
    );
    return EXIT.error;
  }
  // whatever a server says back is printed with the credentials masked, should it echo them
  const mask = (text: string) => (login.password.length < 4 ? text : text.split(login.password).join("***"));
  const outPath = values.out ? resolve(io.cwd, values.out) : join(configDir, INVENTORY_DIR, `${tenant}.yaml`);
  const shown = relative(io.cwd, outPath).startsWith("..") ? outPath : relative(io.cwd, outPath);
  // written only over what was there when this run started: two runs for one tenant do not
  // silently replace each other's reading
  const before = snapshot(outPath);

  let shaped;
  try {
    const client = await VsphereClient.open(url, { insecure: values.insecure });
    try {
      await client.login(login.user, login.password);
      const raw = await readEstate(client, {
        datacenter: values.datacenter!,
        ...(values.folder ? { folder: values.folder } : {}),
      });
      shaped = shapeInventory(raw, {
        datacenter: values.datacenter!,
        ...(values.folder ? { folder: values.folder } : {}),
        ...(values.date ? { date: values.date } : {}),
      });
    } finally {
      await client.logout();
    }
  } catch (err) {
    if (err instanceof VsphereError || err instanceof XmlError) {
      io.stderr(`irvn inventory: ${mask(err.message)}; nothing was written\n`);
      return EXIT.error;
    }
    throw err;
  }

  // the file must load where it is going: what the loader would refuse is a bug here
  const findings = checkShape("inventory", shown, shaped.inventory);
  if (findings.length > 0) {
    const f = findings[0]!;
    io.stderr(
      `irvn inventory: internal error: what was read does not fit the inventory schema (${shownPointer(f.pointer)} ${mask(f.message)}); nothing was written\n`,
    );
    return EXIT.error;
  }
  const text = renderInventory(tenant, shaped.inventory);
  mkdirSync(dirname(outPath), { recursive: true });
  await withLock(outPath, { what: shown, waiting: io.stderr }, async () => {
    removeLeftoverTemps(outPath);
    writeFileAtomic(outPath, text, { unchangedSince: before, shown });
  });
  for (const w of shaped.warnings) io.stderr(`irvn inventory: ${mask(w)}\n`);
  const { vms, portGroups, datastores } = shaped.inventory;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  io.stdout(
    `${shown}: ${count(Object.keys(vms).length, "VM")}, ${count(Object.keys(portGroups).length, "port group")}, ${count(Object.keys(datastores).length, "datastore")} from datacenter ${values.datacenter}` +
      (shaped.templates > 0 ? ` (${count(shaped.templates, "template")} left out)` : "") +
      "\n",
  );
  return EXIT.ok;
};
