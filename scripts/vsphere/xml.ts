// A small XML reader for vSphere SOAP responses: elements, attributes, text, entities and CDATA,
// nothing else. No DTDs (refused, so no entity expansion), no external anything; bounded depth.
// It replaces a registry dependency: the API's XML is plain and this is all the client needs.

export interface XmlElement {
  /** Local name: the prefix is dropped (`soapenv:Body` → `Body`). */
  readonly name: string;
  /** Attributes by qualified name, as written (`type`, `xsi:type`). */
  readonly attrs: Readonly<Record<string, string>>;
  /** Local name of the `xsi:type` attribute's value, if any (`xsd:int` → `int`). */
  readonly xsiType?: string;
  readonly children: readonly XmlElement[];
  /** Concatenated character data directly inside this element. */
  readonly text: string;
}

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlError";
  }
}

const XSI = "http://www.w3.org/2001/XMLSchema-instance";
const MAX_DEPTH = 200;
const NAME = /[A-Za-z_][\w.\-:]*/y;
const SPACE = /\s*/y;

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(/&([^;&\s]{0,10});/g, (_, ref: string) => {
    if (ref.startsWith("#")) {
      const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        throw new XmlError(`bad character reference &${ref}; near offset ${at}`);
      return String.fromCodePoint(code);
    }
    const known = ENTITIES[ref];
    if (known === undefined) throw new XmlError(`unknown entity &${ref}; near offset ${at}`);
    return known;
  });
}

const localName = (qname: string) => qname.slice(qname.indexOf(":") + 1);

interface Open {
  name: string;
  qname: string;
  attrs: Record<string, string>;
  xsiType?: string;
  children: XmlElement[];
  text: string;
  /** prefix → namespace URI declared on this element. */
  ns: Map<string, string>;
}

/**
 * Parses one XML document and returns its root element. Throws XmlError when it is not well-formed.
 * One pass over the text with the stack of open elements: each branch of the loop reads one kind
 * of markup and moves the shared position, so it stays one function.
 */
export function parseXml(xml: string): XmlElement {
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const expect = (cond: boolean, what: string) => {
    if (!cond) throw new XmlError(`${what} at offset ${i}`);
  };
  const namespace = (prefix: string): string | undefined => {
    for (let d = stack.length - 1; d >= 0; d--) {
      const uri = stack[d]!.ns.get(prefix);
      if (uri !== undefined) return uri;
    }
    return undefined;
  };

  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i) {
      const raw = xml.slice(i, textEnd);
      if (stack.length > 0) stack[stack.length - 1]!.text += decode(raw, i);
      else expect(raw.trim() === "", "text outside the root element");
      i = textEnd;
      continue;
    }
    if (xml.startsWith("<?", i)) {
      const end = xml.indexOf("?>", i + 2);
      expect(end >= 0, "unterminated processing instruction");
      i = end + 2;
    } else if (xml.startsWith("<!--", i)) {
      const end = xml.indexOf("-->", i + 4);
      expect(end >= 0, "unterminated comment");
      i = end + 3;
    } else if (xml.startsWith("<![CDATA[", i)) {
      const end = xml.indexOf("]]>", i + 9);
      expect(end >= 0 && stack.length > 0, "bad CDATA section");
      stack[stack.length - 1]!.text += xml.slice(i + 9, end);
      i = end + 3;
    } else if (xml.startsWith("<!", i)) {
      throw new XmlError(`document type declarations are not accepted (offset ${i})`);
    } else if (xml.startsWith("</", i)) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(xml);
      expect(m !== null, "bad end tag");
      const open = stack.pop();
      expect(open !== undefined && open.qname === m![0], `end tag </${m![0]}> does not match`);
      SPACE.lastIndex = NAME.lastIndex;
      SPACE.exec(xml);
      expect(xml[SPACE.lastIndex] === ">", "bad end tag");
      i = SPACE.lastIndex + 1;
      const done: XmlElement = {
        name: open!.name,
        attrs: open!.attrs,
        ...(open!.xsiType !== undefined ? { xsiType: open!.xsiType } : {}),
        children: open!.children,
        text: open!.text,
      };
      if (stack.length > 0) stack[stack.length - 1]!.children.push(done);
      else root = done;
    } else {
      expect(root === undefined, "a second root element");
      expect(stack.length < MAX_DEPTH, "elements nested too deep");
      NAME.lastIndex = i + 1;
      const m = NAME.exec(xml);
      expect(m !== null, "bad start tag");
      const qname = m![0];
      let j = NAME.lastIndex;
      const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
      const ns = new Map<string, string>();
      let selfClosing = false;
      for (;;) {
        SPACE.lastIndex = j;
        SPACE.exec(xml);
        const spaced = SPACE.lastIndex > j;
        j = SPACE.lastIndex;
        if (xml[j] === ">") {
          j++;
          break;
        }
        if (xml.startsWith("/>", j)) {
          j += 2;
          selfClosing = true;
          break;
        }
        i = j;
        expect(spaced, "attributes must be separated by white space");
        NAME.lastIndex = j;
        const a = NAME.exec(xml);
        expect(a !== null, "bad attribute");
        j = NAME.lastIndex;
        SPACE.lastIndex = j;
        SPACE.exec(xml);
        j = SPACE.lastIndex;
        expect(xml[j] === "=", "attribute without a value");
        SPACE.lastIndex = j + 1;
        SPACE.exec(xml);
        j = SPACE.lastIndex;
        const quote = xml[j];
        expect(quote === '"' || quote === "'", "unquoted attribute value");
        const end = xml.indexOf(quote!, j + 1);
        expect(end >= 0, "unterminated attribute value");
        const raw = xml.slice(j + 1, end);
        expect(!raw.includes("<"), "'<' in an attribute value");
        const key = a![0];
        expect(!(key in attrs), `attribute ${key} given twice`);
        attrs[key] = decode(raw, j);
        if (key === "xmlns") ns.set("", attrs[key]!);
        else if (key.startsWith("xmlns:")) ns.set(key.slice(6), attrs[key]!);
        j = end + 1;
      }
      i = j;
      const element: Open = { name: localName(qname), qname, attrs, children: [], text: "", ns };
      stack.push(element);
      for (const [key, value] of Object.entries(attrs)) {
        const colon = key.indexOf(":");
        if (colon < 0 || key.slice(colon + 1) !== "type") continue;
        const prefix = key.slice(0, colon);
        const uri = namespace(prefix);
        // an undeclared xsi prefix is taken for what it always means
        if (uri === XSI || (uri === undefined && prefix === "xsi")) element.xsiType = localName(value);
      }
      if (selfClosing) {
        stack.pop();
        const done: XmlElement = {
          name: element.name,
          attrs,
          ...(element.xsiType !== undefined ? { xsiType: element.xsiType } : {}),
          children: [],
          text: "",
        };
        if (stack.length > 0) stack[stack.length - 1]!.children.push(done);
        else root = done;
      }
    }
  }
  if (stack.length > 0) throw new XmlError(`unclosed element <${stack[stack.length - 1]!.qname}>`);
  if (!root) throw new XmlError("no root element");
  return root;
}

/** Escapes text for an XML element or attribute value. */
export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!,
  );
}

/** The first child of that local name, if any. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

/** Every child of that local name. */
export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Text of the first child of that local name, if any. */
export function childText(el: XmlElement | undefined, name: string): string | undefined {
  return child(el, name)?.text;
}
