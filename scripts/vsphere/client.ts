// A small vSphere SOAP client on Node's fetch: log in, read objects through a container view and
// the property collector, log out. Read-only by construction: these are the only calls it makes.
// The password and the session cookie stay in memory; no message or error ever carries them.
import { child, childrenNamed, childText, escapeXml, parseXml, XmlError, type XmlElement } from "./xml.ts";

/** A managed object reference: `<obj type="VirtualMachine">vm-42</obj>`. */
export interface Ref {
  readonly type: string;
  readonly value: string;
}

/** One object's properties as the property collector returned them, by property path. */
export interface ObjectContent {
  readonly obj: Ref;
  readonly props: ReadonlyMap<string, XmlElement>;
}

export interface PropertySpec {
  readonly type: string;
  readonly paths: readonly string[];
}

export interface About {
  readonly fullName: string;
  readonly apiVersion: string;
  readonly instanceUuid: string;
}

/** What went wrong, in words fit for one line of output; never holds a credential. */
export class VsphereError extends Error {
  constructor(
    readonly kind: "connection" | "certificate" | "auth" | "permission" | "fault" | "protocol",
    message: string,
  ) {
    super(message);
    this.name = "VsphereError";
  }
}

export interface ClientOptions {
  /** Accept any server certificate (test simulators only). */
  readonly insecure?: boolean;
  /** Per request; default 60 s. */
  readonly timeoutMs?: number;
  /** Largest response accepted; default 64 MiB. */
  readonly maxResponseBytes?: number;
}

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"' +
  ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
  ' xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soapenv:Body>';
const ENVELOPE_CLOSE = "</soapenv:Body></soapenv:Envelope>";
/** Used when the server does not say which API versions it speaks (vSphere 6.5 and later know it). */
const FALLBACK_VERSION = "6.5";
/** Objects per page of RetrievePropertiesEx; the rest comes with ContinueRetrievePropertiesEx. */
const PAGE = 500;

const ref = (tag: string, r: Ref) => `<${tag} type="${escapeXml(r.type)}">${escapeXml(r.value)}</${tag}>`;
const text = (tag: string, value: string) => `<${tag}>${escapeXml(value)}</${tag}>`;

export function refOf(el: XmlElement | undefined): Ref | undefined {
  const type = el?.attrs["type"];
  return el && type ? { type, value: el.text } : undefined;
}

/** What a fetch failure was, from the error codes of Node's TLS and socket layers. */
function connectionError(url: URL, err: unknown): VsphereError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code ?? "";
  const where = url.host;
  if ((err as Error).name === "TimeoutError" || code === "UND_ERR_CONNECT_TIMEOUT")
    return new VsphereError(
      "connection",
      `no answer from ${where} in time: check the host name and the network`,
    );
  if (/CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS/.test(code))
    return new VsphereError(
      "certificate",
      `the certificate of ${where} is not trusted (${code}): add its CA with NODE_EXTRA_CA_CERTS=<file>, or for a test simulator only pass --insecure`,
    );
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return new VsphereError("connection", `cannot resolve ${url.hostname}: check the --vcenter host name`);
  const why = code || (cause?.message ?? "").replace(/[^\w .,:-]/g, "").slice(0, 80);
  if (why)
    return new VsphereError(
      "connection",
      `cannot reach vCenter at ${where} (${why}): check --vcenter and the network`,
    );
  return new VsphereError("connection", `cannot reach vCenter at ${where}: check --vcenter and the network`);
}

/** The fault of a SOAP response, as one line: its type and the server's text. */
function faultError(fault: XmlElement): VsphereError {
  const detail = child(fault, "detail");
  const first = detail?.children[0];
  const type = first?.xsiType ?? first?.name.replace(/Fault$/, "") ?? "";
  const said = (childText(fault, "faultstring") ?? "").replace(/\s+/g, " ").trim().slice(0, 300);
  if (type === "InvalidLogin")
    return new VsphereError(
      "auth",
      "vCenter refused the user name or password (InvalidLogin): check VSPHERE_USER and VSPHERE_PASSWORD",
    );
  if (type === "NotAuthenticated")
    return new VsphereError("auth", "the vCenter session is not (or no longer) logged in (NotAuthenticated)");
  if (type === "NoPermission")
    return new VsphereError(
      "permission",
      `the user may not read this (NoPermission: ${said}): give it at least the read-only role on the datacenter`,
    );
  return new VsphereError(
    "fault",
    `vCenter answered with a fault${type ? ` (${type})` : ""}: ${said || "no text"}`,
  );
}

export class VsphereClient {
  private cookie: string | undefined;
  private version = FALLBACK_VERSION;
  private content: XmlElement | undefined;
  private dispatcher: unknown;

  private constructor(
    private readonly sdk: URL,
    private readonly options: ClientOptions,
  ) {}

  /** Opens a client on https://host/sdk (or the URL given) and learns the API version it speaks. */
  static async open(sdk: URL, options: ClientOptions = {}): Promise<VsphereClient> {
    const client = new VsphereClient(sdk, options);
    if (options.insecure) {
      // Node's fetch takes an undici dispatcher; only --insecure needs one (loaded on demand)
      const undici = await import("undici");
      // bundled (dist/), the CommonJS package arrives as the default export
      const Agent = undici.Agent ?? undici.default.Agent;
      client.dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
    }
    client.version = await client.serviceVersion();
    client.content = child(
      await client.call(
        "RetrieveServiceContent",
        ref("_this", { type: "ServiceInstance", value: "ServiceInstance" }),
      ),
      "returnval",
    );
    if (!client.content)
      throw new VsphereError("protocol", `${sdk.host} sent no service content: is it a vCenter?`);
    return client;
  }

  about(): About {
    const about = child(this.content, "about");
    return {
      fullName: childText(about, "fullName") ?? "",
      apiVersion: childText(about, "apiVersion") ?? "",
      instanceUuid: childText(about, "instanceUuid") ?? "",
    };
  }

  /** A reference from the service content: rootFolder, propertyCollector, viewManager, sessionManager. */
  service(name: string): Ref {
    const r = refOf(child(this.content, name));
    if (!r) throw new VsphereError("protocol", `the service content lacks ${name}: is this a vCenter?`);
    return r;
  }

  async login(user: string, password: string): Promise<void> {
    await this.call(
      "Login",
      ref("_this", this.service("sessionManager")) + text("userName", user) + text("password", password),
    );
    if (!this.cookie)
      throw new VsphereError("protocol", `${this.sdk.host} logged in but sent no session cookie`);
  }

  /** Ends the session; a failure here changes nothing for the caller and is ignored. */
  async logout(): Promise<void> {
    if (!this.cookie) return;
    try {
      await this.call("Logout", ref("_this", this.service("sessionManager")));
    } catch {
      // the session times out on the server anyway
    } finally {
      this.cookie = undefined;
      await (this.dispatcher as { close?: () => Promise<void> } | undefined)?.close?.();
    }
  }

  async createContainerView(container: Ref, types: readonly string[], recursive = true): Promise<Ref> {
    const response = await this.call(
      "CreateContainerView",
      ref("_this", this.service("viewManager")) +
        ref("container", container) +
        types.map((t) => text("type", t)).join("") +
        text("recursive", String(recursive)),
    );
    const view = refOf(child(response, "returnval"));
    if (!view) throw new VsphereError("protocol", "CreateContainerView returned no view");
    return view;
  }

  async destroyView(view: Ref): Promise<void> {
    await this.call("DestroyView", ref("_this", view));
  }

  /** Every object in the view with the properties asked for, page by page. */
  async retrieveView(view: Ref, specs: readonly PropertySpec[]): Promise<ObjectContent[]> {
    const objectSet =
      "<objectSet>" +
      ref("obj", view) +
      text("skip", "true") +
      '<selectSet xsi:type="TraversalSpec">' +
      text("name", "view") +
      text("type", "ContainerView") +
      text("path", "view") +
      text("skip", "false") +
      "</selectSet></objectSet>";
    return this.retrieve(specs, objectSet);
  }

  /** The properties of the objects named. */
  async retrieveObjects(objects: readonly Ref[], specs: readonly PropertySpec[]): Promise<ObjectContent[]> {
    if (objects.length === 0) return [];
    return this.retrieve(
      specs,
      objects.map((o) => "<objectSet>" + ref("obj", o) + text("skip", "false") + "</objectSet>").join(""),
    );
  }

  private async retrieve(specs: readonly PropertySpec[], objectSet: string): Promise<ObjectContent[]> {
    const collector = this.service("propertyCollector");
    const propSet = specs
      .map(
        (s) =>
          "<propSet>" +
          text("type", s.type) +
          text("all", "false") +
          s.paths.map((p) => text("pathSet", p)).join("") +
          "</propSet>",
      )
      .join("");
    const out: ObjectContent[] = [];
    let response = await this.call(
      "RetrievePropertiesEx",
      ref("_this", collector) +
        `<specSet>${propSet}${objectSet}</specSet>` +
        `<options>${text("maxObjects", String(PAGE))}</options>`,
    );
    for (;;) {
      const result = child(response, "returnval");
      for (const o of childrenNamed(result, "objects")) out.push(objectContent(o));
      const token = childText(result, "token");
      if (!token) return out;
      response = await this.call(
        "ContinueRetrievePropertiesEx",
        ref("_this", collector) + text("token", token),
      );
    }
  }

  /** The newest vim25 version the server lists; older servers list none and get 6.5. */
  private async serviceVersion(): Promise<string> {
    const url = new URL(
      "vimServiceVersions.xml",
      this.sdk.href.endsWith("/") ? this.sdk : `${this.sdk.href}/`,
    );
    const response = await this.fetch(url, { method: "GET" });
    if (!response.ok) {
      await response.body?.cancel();
      return FALLBACK_VERSION;
    }
    try {
      const doc = parseXml(await this.readBody(response));
      const vim = childrenNamed(doc, "namespace").find((n) => childText(n, "name") === "urn:vim25");
      const version = childText(vim, "version")?.trim();
      return version && /^[0-9][0-9.]*$/.test(version) ? version : FALLBACK_VERSION;
    } catch {
      return FALLBACK_VERSION;
    }
  }

  private async fetch(url: URL, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, {
        ...init,
        redirect: "error",
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
        ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
      } as RequestInit);
    } catch (err) {
      throw connectionError(url, err);
    }
  }

  private async readBody(response: Response): Promise<string> {
    const max = this.options.maxResponseBytes ?? 64 * 1024 * 1024;
    const reader = response.body?.getReader();
    if (!reader) return "";
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > max) {
          await reader.cancel();
          throw new VsphereError("protocol", `${this.sdk.host} sent more than ${max} bytes in one answer`);
        }
        chunks.push(value);
      }
    } catch (err) {
      if (err instanceof VsphereError) throw err;
      throw connectionError(this.sdk, err);
    }
    return Buffer.concat(chunks).toString("utf8");
  }

  /** One SOAP call; returns the response element inside the body, throws VsphereError on a fault. */
  private async call(method: string, body: string): Promise<XmlElement> {
    const headers: Record<string, string> = {
      "Content-Type": "text/xml; charset=utf-8",
      SOAPAction: `urn:vim25/${this.version}`,
    };
    if (this.cookie) headers.Cookie = this.cookie;
    const response = await this.fetch(this.sdk, {
      method: "POST",
      headers,
      body: `${ENVELOPE_OPEN}<${method} xmlns="urn:vim25">${body}</${method}>${ENVELOPE_CLOSE}`,
    });
    const session = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0]!.trim())
      .find((c) => c.startsWith("vmware_soap_session="));
    if (session) this.cookie = session;
    const xml = await this.readBody(response);
    let envelope: XmlElement;
    try {
      envelope = parseXml(xml);
    } catch (err) {
      const why = err instanceof XmlError ? err.message : "unreadable";
      throw new VsphereError(
        "protocol",
        `${this.sdk.host} did not answer ${method} with SOAP (HTTP ${response.status}, ${why}): is --vcenter a vCenter?`,
      );
    }
    const soapBody = child(envelope, "Body");
    const fault = child(soapBody, "Fault");
    if (fault) throw faultError(fault);
    const result = child(soapBody, `${method}Response`);
    if (!result)
      throw new VsphereError(
        "protocol",
        `${this.sdk.host} answered ${method} without a result (HTTP ${response.status})`,
      );
    return result;
  }
}

function objectContent(el: XmlElement): ObjectContent {
  const obj = refOf(child(el, "obj"));
  if (!obj)
    throw new VsphereError("protocol", "the property collector returned an object without a reference");
  const props = new Map<string, XmlElement>();
  for (const p of childrenNamed(el, "propSet")) {
    const name = childText(p, "name");
    const val = child(p, "val");
    if (name !== undefined && val) props.set(name, val);
  }
  return { obj, props };
}
