// Checks before any stack runs, and the explanation for the one failure that is about the machine
// rather than the stack: terraform cannot install a provider (no registry access, no mirror).
import { existsSync } from "node:fs";
import { terraformVersion } from "./commands.ts";
import { TerraformError, TerraformNotFoundError, type Env, type TerraformContext } from "./exec.ts";
import { explainFailure, StackFailure, terraformMessage } from "./failures.ts";
import { LOCKS_DIR } from "./provider-locks.ts";
import type { RequiredProvider } from "./stack-config.ts";

/** saved plans with `show -json` format 1.x, terraform_data, import blocks: 1.5 has them all. */
export const MIN_TERRAFORM_VERSION = [1, 5, 0] as const;

/** The machine cannot run irvn's terraform commands; the message says what to install. */
export class PreflightError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PreflightError";
  }
}

/** The terraform version, or a PreflightError when it is missing or too old. */
export async function checkTerraform(context: TerraformContext): Promise<string> {
  let version: string;
  try {
    version = await terraformVersion(context);
  } catch (err) {
    if (err instanceof TerraformNotFoundError) throw new PreflightError(err.message);
    if (err instanceof TerraformError) {
      throw new PreflightError(
        `\`terraform version\` failed: ${terraformMessage(err)}. Check the terraform installation.`,
      );
    }
    throw err;
  }
  if (!isAtLeast(version, MIN_TERRAFORM_VERSION)) {
    throw new PreflightError(
      `terraform ${version} is too old: irvn needs ${MIN_TERRAFORM_VERSION.join(".")} or newer. ` +
        "Install a newer terraform and put it first on the PATH.",
    );
  }
  return version;
}

export function isAtLeast(version: string, minimum: readonly number[]): boolean {
  const parts = version.replace(/^v/, "").split(/[.-]/).slice(0, 3).map(Number);
  for (let i = 0; i < minimum.length; i++) {
    const part = parts[i] ?? 0;
    if (Number.isNaN(part)) return false;
    if (part !== minimum[i]) return part > minimum[i]!;
  }
  return true;
}

const PROVIDER_INSTALL_FAILED = new RegExp(
  [
    "Failed to query available provider packages",
    "Failed to install provider",
    "Incompatible provider version",
    "Inconsistent dependency lock file",
    "Required plugins are not installed",
    "could not connect to registry",
    "was not found in any of the search locations",
    "doesn't match any of the checksums",
  ].join("|"),
);

const FRIENDLY_NAMES: Readonly<Record<string, string>> = { vsphere: "vSphere" };

/** "the vSphere provider (vmware/vsphere 2.15.0)" */
export function describeProvider(provider: RequiredProvider): string {
  const id = `${provider.source}${provider.version === undefined ? "" : ` ${provider.version}`}`;
  const friendly = FRIENDLY_NAMES[provider.source.split("/").pop() ?? ""];
  return friendly === undefined ? `provider ${id}` : `the ${friendly} provider (${id})`;
}

const CHECKSUM_MISMATCH = /doesn't match any of the checksums/;

const MIRROR_REMEDY = [
  "Terraform downloads providers from their registry unless told otherwise. Without registry access",
  "(an air-gapped site), install them from a filesystem mirror:",
  "  1. On a machine with access, in a synthesized stack directory:",
  "       terraform providers mirror -platform=linux_amd64 /path/to/mirror",
  "     and copy /path/to/mirror to this machine.",
  "  2. Set TF_CLI_CONFIG_FILE to a file containing",
  '       provider_installation { filesystem_mirror { path = "/path/to/mirror" } }',
  "  3. Record the checksums once: irvn providers lock --fs-mirror /path/to/mirror (commit providers/locks/).",
];

const LOCK_REMEDY = [
  `The provider package found is not the build whose checksums ${LOCKS_DIR}/ records. Put the locked`,
  "build in the mirror, or, if the new build is intended, run `irvn providers lock --fs-mirror DIR`",
  "and commit the changed lock file after review.",
];

/** Explains a failed `terraform init`; a provider that cannot be installed stops the whole run. */
export function explainInitFailure(
  err: unknown,
  stack: string,
  stackDir: string,
  providers: readonly RequiredProvider[],
  env: Env,
): StackFailure {
  if (!(err instanceof TerraformError)) return explainFailure(err, stack, stackDir);
  const message = terraformMessage(err);
  // terraform wraps its messages at 80 columns.
  const flat = message.replace(/\s+/g, " ");
  if (!PROVIDER_INSTALL_FAILED.test(flat)) return explainFailure(err, stack, stackDir);
  const named = providers.filter((p) => flat.includes(p.source));
  const which = (named.length > 0 ? named : providers).map(describeProvider).join(" and ") || "a provider";
  const cliConfig = env.TF_CLI_CONFIG_FILE;
  const cliConfigState =
    cliConfig === undefined || cliConfig === ""
      ? "TF_CLI_CONFIG_FILE is not set."
      : `TF_CLI_CONFIG_FILE is ${cliConfig}${existsSync(cliConfig) ? "" : ", which does not exist"}.`;
  return new StackFailure(
    [
      `terraform init could not install ${which}.`,
      "",
      message,
      "",
      ...(CHECKSUM_MISMATCH.test(flat) ? LOCK_REMEDY : MIRROR_REMEDY),
      cliConfigState,
      "See scripts/README.md, section 'Air-gapped sites'.",
    ].join("\n"),
    true,
  );
}
