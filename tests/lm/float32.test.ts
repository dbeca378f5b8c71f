// The single-precision pieces that make the trainer's ARPA text equal lmplz's: glibc's log10f and
// double-conversion's shortest float printing. Expected values come from C programs built against
// glibc 2.36 and KenLM's util/float_to_string.cc on the machine that made the fixtures.
import { describe, expect, it } from "vitest";
import { formatFloat32, log10f } from "../../src/lm/float32.js";

const f32 = Math.fround;

describe("log10f", () => {
  it("gives glibc's result where log10 rounded once to float differs in the last bit", () => {
    // [x, glibc log10f(x)]; Math.fround(Math.log10(x)) is one float away for each
    const cases = [
      [3.366828309481207e-7, -6.472779273986816],
      [0.06788776069879532, -1.1682085990905762],
      [1.3537958254428162e-10, -9.868446350097656],
      [0.03857925534248352, -1.4136462211608887],
      [0.00027638341998681426, -3.558487892150879],
      [0.8987648487091064, -0.04635392501950264],
    ];
    for (const [x, expected] of cases) {
      expect(log10f(x!)).toBe(expected);
      expect(f32(Math.log10(x!))).not.toBe(expected);
    }
  });
  it("is exact at powers of ten and one", () => {
    expect(log10f(1)).toBe(0);
    expect(log10f(f32(0.1))).toBe(-1);
    expect(log10f(f32(100))).toBe(2);
  });
});

describe("formatFloat32", () => {
  it("prints the shortest decimal that reads back as the float, as KenLM's ARPA files show", () => {
    expect(formatFloat32(f32(-0.8092799))).toBe("-0.8092799");
    expect(formatFloat32(f32(-4.709886))).toBe("-4.709886");
    expect(formatFloat32(f32(-0.39683032))).toBe("-0.39683032");
    expect(formatFloat32(f32(-1.5))).toBe("-1.5");
    expect(formatFloat32(0)).toBe("0");
    expect(formatFloat32(-0)).toBe("-0");
    expect(formatFloat32(-100)).toBe("-100");
  });
  it("switches to an exponent below 1e-6, as double-conversion with decimal_in_shortest_low -6", () => {
    expect(formatFloat32(f32(0.000001))).toBe("0.000001");
    expect(formatFloat32(f32(-1e-7))).toBe("-1e-7");
    expect(formatFloat32(f32(2.5e-10))).toBe("2.5e-10");
  });
  it("breaks a tie towards the even digit, as double-conversion does (JavaScript rounds away from zero)", () => {
    // 3131327.25 is a float; 3131327.2 and 3131327.3 are equally near and both read back
    expect((3131327.25).toPrecision(8)).toBe("3131327.3");
    expect(formatFloat32(3131327.25)).toBe("3131327.2");
    expect(formatFloat32(-3016365.25)).toBe("-3016365.2");
  });
  it("reads back to the same float, and one digit fewer would not, over many floats", () => {
    const view = new DataView(new ArrayBuffer(4));
    let seed = 12345;
    for (let i = 0; i < 20000; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      view.setUint32(0, i % 2 ? seed : 0xbf800000 + (seed % 0x3000000));
      const x = view.getFloat32(0);
      if (!Number.isFinite(x)) continue;
      const text = formatFloat32(x);
      expect(f32(Number(text))).toBe(x);
      const digits = text.replace(/^-/, "").replace(/e.*$/, "").replace(".", "").replace(/^0+/, "").replace(/0+$/, "").length;
      if (digits > 1) expect(f32(Number(x.toPrecision(digits - 1)))).not.toBe(x);
    }
  });
});
