// String formats of the configuration schemas. Each has a check and the words an error uses to
// say what is allowed. These checks are the guard that keeps untrusted text out of generated
// Terraform JSON, handlebars documents and guest customization.
import { Address4, Address6 } from "ip-address";

export const ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const ID_MAX = 40;
/** Ids name object keys; these would look up JavaScript's own properties instead of configuration. */
const RESERVED_IDS = new Set(["constructor", "prototype"]);

/** Characters or sequences that would break or inject into a generated file. */
// also bidirectional overrides and zero-width characters, which make text read other than it is
const UNSAFE_TEXT =
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff"\\`<>|]|\$\{|%\{|\{\{/;

function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function isCidr(value: string, family: 4 | 6): boolean {
  if (!/^[0-9a-f.:]+\/\d{1,3}$/i.test(value)) return false;
  try {
    const addr = family === 4 ? new Address4(value) : new Address6(value);
    // host bits must be zero: the prefix names a network, not an address in it
    return addr.startAddress().correctForm() === addr.correctForm();
  } catch {
    return false;
  }
}

/** tcp/443, udp/53, tcp/10000-20000 (first ≤ last, 1-65535) or icmp. */
function isPort(value: string): boolean {
  if (value === "icmp") return true;
  const m = /^(?:tcp|udp)\/([1-9]\d{0,4})(?:-([1-9]\d{0,4}))?$/.exec(value);
  if (!m) return false;
  const first = Number(m[1]);
  if (m[2] === undefined) return first <= 65535;
  return first < Number(m[2]) && Number(m[2]) <= 65535;
}

function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isHttpsUrl(value: string): boolean {
  if (UNSAFE_TEXT.test(value) || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.username === "" && url.password === "" && url.search === "";
  } catch {
    return false;
  }
}

export interface Format {
  check: (value: string) => boolean;
  /** Completes "must be …". */
  expected: string;
}

export const FORMATS: Record<string, Format> = {
  id: {
    check: (v) => v.length <= ID_MAX && ID_PATTERN.test(v) && !RESERVED_IDS.has(v),
    expected: `an id: lower-case letters, digits and single hyphens, starting with a letter, at most ${ID_MAX} characters, not constructor or prototype`,
  },
  "lock-key": {
    check: (v) =>
      v.length <= 3 * ID_MAX + 2 &&
      /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\/[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:@[a-z][a-z0-9]*(?:-[a-z0-9]+)*)?)?$/.test(
        v,
      ),
    expected: "an id, owner/item or owner/item@site made of ids",
  },
  "host-part": {
    check: (v) => /^[a-z][a-z0-9]{0,4}$/.test(v),
    expected: "1 to 5 lower-case letters or digits, starting with a letter",
  },
  "guest-id": {
    check: (v) => /^[a-z][A-Za-z0-9_]{2,63}$/.test(v),
    expected: "a vSphere guest OS identifier such as windows2019srvNext_64Guest",
  },
  "short-code": {
    check: (v) => /^[a-z]{2,4}$/.test(v),
    expected: "2 to 4 lower-case letters",
  },
  "safe-text": {
    check: (v) => v.length >= 1 && v.length <= 200 && v.trim() === v && !UNSAFE_TEXT.test(v),
    expected:
      'text of 1-200 characters without line breaks, control or invisible characters, ", \\, `, <, >, |, ${, %{ or {{ and without surrounding spaces',
  },
  date: { check: isCalendarDate, expected: "a date written YYYY-MM-DD" },
  "ipv4-cidr": {
    check: (v) => isCidr(v, 4),
    expected: "an IPv4 prefix in CIDR notation with the host bits zero, such as 10.1.0.0/16",
  },
  "ipv6-cidr": {
    check: (v) => isCidr(v, 6),
    expected: "an IPv6 prefix in CIDR notation with the host bits zero, such as 2a07:3502:1000::/46",
  },
  "dns-name": {
    check: (v) =>
      v.length <= 253 &&
      /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/.test(v),
    expected: "a DNS name: lower-case letters, digits, hyphens and dots",
  },
  "time-zone": { check: isTimeZone, expected: "an IANA time zone such as Europe/Amsterdam" },
  "relative-path": {
    check: (v) =>
      /^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/.test(v) &&
      !/(^|\/)\.\.?(\/|$)/.test(v),
    expected: "a relative path of letters, digits, '.', '_', '-' and '/', without '..'",
  },
  "https-url": {
    check: isHttpsUrl,
    expected: "an https:// URL without credentials or query string",
  },
  "mac-address": {
    check: (v) => /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/.test(v),
    expected: "a MAC address in lower case, such as 00:50:56:01:02:03",
  },
  "ipv4-address": {
    check: (v) =>
      /^\d{1,3}(?:\.\d{1,3}){3}$/.test(v) &&
      v.split(".").every((o) => Number(o) <= 255 && String(Number(o)) === o),
    expected: "an IPv4 address such as 10.1.20.11",
  },
  port: {
    check: isPort,
    expected:
      "tcp/<port>, udp/<port>, a range such as udp/10000-20000 (ports 1-65535, first below last), or icmp",
  },
  "device-address": {
    check: (v) => /^(?:scsi|sata|ide|nvme):\d:\d{1,3}$/.test(v),
    expected: "a device address <controller>:<bus>:<unit> such as scsi:0:1",
  },
};
