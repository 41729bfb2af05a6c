// The SOAP client's XML reader: what vCenter sends is read whole, what it must not accept (DTDs,
// unknown entities, broken documents) is refused with a reason, never half read.
import { describe, expect, it } from "vitest";
import { child, escapeXml, parseXml, XmlError } from "../../scripts/vsphere/xml.ts";

describe("parseXml", () => {
  it("reads elements, attributes, text, entities, CDATA and xsi:type under any prefix", () => {
    const root = parseXml(
      `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance">
  <!-- a comment -->
  <soapenv:Body>
    <val XMLSchema-instance:type="xsd:string">a &amp; b &lt;c&gt; &#233;&#x20AC; <![CDATA[<raw>]]></val>
    <obj type='VirtualMachine'>vm-1</obj>
    <empty/>
  </soapenv:Body>
</soapenv:Envelope>`,
    );
    expect(root.name).toBe("Envelope");
    const body = child(root, "Body")!;
    expect(child(body, "val")).toMatchObject({ xsiType: "string", text: "a & b <c> é€ <raw>" });
    expect(child(body, "obj")).toMatchObject({ attrs: { type: "VirtualMachine" }, text: "vm-1" });
    expect(child(body, "empty")).toMatchObject({ children: [], text: "" });
  });

  it("takes an undeclared xsi prefix for the schema-instance namespace, and no other", () => {
    const root = parseXml(`<a><b xsi:type="VirtualDisk"/><c foo:type="Nope"/></a>`);
    expect(root.children[0]!.xsiType).toBe("VirtualDisk");
    expect(root.children[1]!.xsiType).toBeUndefined();
  });

  it.each([
    ["a document type declaration", `<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`, /document type/],
    ["an unknown entity", `<a>&x;</a>`, /unknown entity/],
    ["a bad character reference", `<a>&#0;</a>`, /character reference/],
    ["a mismatched end tag", `<a><b></a></b>`, /does not match/],
    ["an unclosed element", `<a><b></b>`, /unclosed element <a>/],
    ["two root elements", `<a/><b/>`, /second root/],
    ["text outside the root", `x<a/>`, /outside the root/],
    ["an attribute given twice", `<a x="1" x="2"/>`, /twice/],
    ["an unquoted attribute", `<a x=1/>`, /unquoted/],
    ["nothing", ``, /no root element/],
  ])("refuses %s", (_, xml, message) => {
    expect(() => parseXml(xml)).toThrow(XmlError);
    expect(() => parseXml(xml)).toThrow(message);
  });

  it("refuses nesting deeper than 200 levels without running out of stack", () => {
    expect(() => parseXml("<a>".repeat(100_000))).toThrow(/nested too deep/);
  });
});

describe("escapeXml", () => {
  it("escapes what would end or open markup, so a password cannot inject into the request", () => {
    expect(escapeXml(`a<b>&"c'</password>`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;&lt;/password&gt;");
    const round = parseXml(`<p>${escapeXml(`x</p><q>&amp;`)}</p>`);
    expect(round.text).toBe("x</p><q>&amp;");
  });
});
