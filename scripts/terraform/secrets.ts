// Credentials reach terraform only through the environment. Terraform masks sensitive values
// itself, but a backend error can echo a connection string: everything irvn prints or writes
// from terraform goes through this mask first.
import type { Env } from "./exec.ts";

const SECRET_NAME = /PASSWORD|SECRET|TOKEN|CONN_STR|PRIVATE_KEY|ACCESS_KEY|CREDENTIAL/i;
/** Shorter values would mask ordinary words. */
const MIN_SECRET_LENGTH = 6;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi;

export type Mask = (text: string) => string;

/** Replaces the values of secret-looking environment variables and URL passwords with "***". */
export function secretMask(env: Env): Mask {
  const secrets = Object.entries(env)
    .filter(
      ([name, value]) => SECRET_NAME.test(name) && value !== undefined && value.length >= MIN_SECRET_LENGTH,
    )
    .map(([, value]) => value!)
    // Longest first, so a secret that contains another is masked whole.
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let masked = text;
    for (const secret of secrets) masked = masked.replaceAll(secret, "***");
    return masked.replace(URL_PASSWORD, "$1***@");
  };
}
