// String formats of the configuration schemas. Each has a check and the words an error uses to
// say what is allowed. These checks are the guard that keeps untrusted text out of generated
// Terraform JSON, handlebars documents and guest customization.
import { Address4, Address6 } from "ip-address";

const ID_MAX = 40;
/** Ids name object keys; these would look up JavaScript's own properties instead of configuration. */
const RESERVED_IDS = new Set(["constructor", "prototype"]);

/** Characters that would break or inject into a generated file, as the body of a character class. */
// also bidirectional overrides and zero-width characters, which make text read other than it is
const UNSAFE_CHARS =
  String.raw`\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff"\\` + "`<>|";
/** Those characters, and the openers of Terraform and handlebars templates. */
const UNSAFE_TEXT = new RegExp(String.raw`[${UNSAFE_CHARS}]|\$\{|%\{|\{\{`, "u");

function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function isCidr(value: string, family: 4 | 6): boolean {
  // the length written plainly: 10.0.0.0/08 is no way to write a /8
  if (!/^[0-9a-f.:]+\/(?:0|[1-9]\d{0,2})$/i.test(value)) return false;
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

/** The canonical IANA zones; listing them takes 1.4 ms, where a first DateTimeFormat takes 12. */
let canonicalZones: ReadonlySet<string> | undefined;

function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z_+-]+)*$/.test(value)) return false;
  canonicalZones ??= new Set(Intl.supportedValuesOf("timeZone"));
  if (canonicalZones.has(value)) return true;
  // an alias (Asia/Calcutta) or another spelling: what DateTimeFormat accepts
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
  /**
   * The same rule as a JSON Schema `pattern` (ECMAScript, `u` flag), for editors: yaml-language-server
   * ignores custom formats but checks patterns as you type. Exact where a regular expression can
   * say it; otherwise looser (never refusing what `check` accepts), `check` having the last word.
   */
  pattern: string;
}

const ID = "[a-z][a-z0-9]*(?:-[a-z0-9]+)*";
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const IPV4 = String.raw`(?:${OCTET}\.){3}${OCTET}`;
const DNS_LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const PATH_PART = "[A-Za-z0-9_-][A-Za-z0-9._-]*";
const PORT = String.raw`(?:6553[0-5]|655[0-2]\d|65[0-4]\d\d|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3})`;
const NO_TEMPLATE = String.raw`(?!.*(?:\$\{|%\{|\{\{))`;

/** A format whose pattern says it all. */
function exact(pattern: string, expected: string): Format {
  const re = new RegExp(pattern, "u");
  return { check: (v) => re.test(v), expected, pattern };
}

export const FORMATS: Record<string, Format> = {
  id: exact(
    `^(?!(?:${[...RESERVED_IDS].join("|")})$)(?=.{1,${ID_MAX}}$)${ID}$`,
    `an id: lower-case letters, digits and single hyphens, starting with a letter, at most ${ID_MAX} characters, not constructor or prototype`,
  ),
  "lock-key": exact(
    `^(?=.{1,${3 * ID_MAX + 2}}$)${ID}(?:/${ID}(?:@${ID})?)?$`,
    "an id, owner/item or owner/item@site made of ids",
  ),
  "host-part": exact("^[a-z][a-z0-9]{0,4}$", "1 to 5 lower-case letters or digits, starting with a letter"),
  "guest-id": exact(
    "^[a-z][A-Za-z0-9_]{2,63}$",
    "a vSphere guest OS identifier such as windows2019srvNext_64Guest",
  ),
  "short-code": exact("^[a-z]{2,4}$", "2 to 4 lower-case letters"),
  "safe-text": {
    check: (v) => v.length >= 1 && v.length <= 200 && v.trim() === v && !UNSAFE_TEXT.test(v),
    expected:
      'text of 1-200 characters without line breaks, control or invisible characters, ", \\, `, <, >, |, ${, %{ or {{ and without surrounding spaces',
    // counts characters where `check` counts UTF-16 units: looser only for text beyond the BMP
    pattern: String.raw`^(?!\s)(?!.*\s$)${NO_TEMPLATE}[^${UNSAFE_CHARS}]{1,200}$`,
  },
  date: {
    check: isCalendarDate,
    expected: "a date written YYYY-MM-DD",
    // every month may have a 31st here; the calendar is `check`'s
    pattern: String.raw`^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$`,
  },
  "ipv4-cidr": {
    check: (v) => isCidr(v, 4),
    expected: "an IPv4 prefix in CIDR notation with the host bits zero, such as 10.1.0.0/16",
    // the host bits are `check`'s
    pattern: String.raw`^${IPV4}/(?:3[0-2]|[12]?\d)$`,
  },
  "ipv6-cidr": {
    check: (v) => isCidr(v, 6),
    expected: "an IPv6 prefix in CIDR notation with the host bits zero, such as 2a07:3502:1000::/46",
    // hex digits, colons (an IPv4 tail) and a length up to 128; the address itself is `check`'s
    pattern: String.raw`^[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*/(?:12[0-8]|1[01]\d|[1-9]?\d)$`,
  },
  "dns-name": exact(
    String.raw`^(?=.{1,253}$)${DNS_LABEL}(?:\.${DNS_LABEL})*$`,
    "a DNS name: lower-case letters, digits, hyphens and dots",
  ),
  "time-zone": {
    check: isTimeZone,
    expected: "an IANA time zone such as Europe/Amsterdam",
    // the spelling of a zone name; whether the zone exists is `check`'s
    pattern: "^[A-Za-z_]+(?:/[A-Za-z_+-]+)*$",
  },
  // no part starts with a dot, so none is . or ..
  "relative-path": exact(
    `^${PATH_PART}(?:/${PATH_PART})*$`,
    "a relative path of letters, digits, '.', '_', '-' and '/', without '..'",
  ),
  "https-url": {
    check: isHttpsUrl,
    expected: "an https:// URL without credentials or query string",
    // the scheme and the characters; credentials and query string are `check`'s
    pattern: String.raw`^[Hh][Tt][Tt][Pp][Ss]:${NO_TEMPLATE}[^\s${UNSAFE_CHARS}]+$`,
  },
  "mac-address": exact(
    "^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$",
    "a MAC address in lower case, such as 00:50:56:01:02:03",
  ),
  "ipv4-address": exact(`^${IPV4}$`, "an IPv4 address such as 10.1.20.11"),
  port: {
    check: isPort,
    expected:
      "tcp/<port>, udp/<port>, a range such as udp/10000-20000 (ports 1-65535, first below last), or icmp",
    // first below last is `check`'s
    pattern: `^(?:icmp|(?:tcp|udp)/${PORT}(?:-${PORT})?)$`,
  },
  "device-address": exact(
    String.raw`^(?:scsi|sata|ide|nvme):\d:\d{1,3}$`,
    "a device address <controller>:<bus>:<unit> such as scsi:0:1",
  ),
};
