// Decimal numbers read straight from the bytes of an ARPA line, without making a string: the
// reader calls this twice per n-gram. Up to 15 significant digits and a power of ten up to 22
// (what ARPA writers print) the digits and the power are both exact doubles, so one division or
// multiplication gives the correctly rounded value, the same as parseFloat; anything else goes to
// Number() on the text.

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** The number in bytes[start, end), or NaN if it is not one. "inf" and "-inf" are infinities (SRILM, KenLM). */
export function parseNumber(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (bytes[i] === 0x2d) {
    negative = true;
    i++;
  } else if (bytes[i] === 0x2b) i++;
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  let seen = false;
  let c = bytes[i]!;
  while (i < end && c >= 0x30 && c <= 0x39) {
    seen = true;
    if (digits > 0 || c !== 0x30) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
    }
    c = bytes[++i]!;
  }
  if (i < end && c === 0x2e) {
    c = bytes[++i]!;
    while (i < end && c >= 0x30 && c <= 0x39) {
      seen = true;
      if (digits > 0 || c !== 0x30) {
        mantissa = mantissa * 10 + (c - 0x30);
        digits++;
      }
      exponent--;
      c = bytes[++i]!;
    }
  }
  if (!seen) return special(bytes, start, end);
  if (i < end && (c === 0x65 || c === 0x45)) {
    c = bytes[++i]!;
    let sign = 1;
    if (c === 0x2d || c === 0x2b) {
      if (c === 0x2d) sign = -1;
      c = bytes[++i]!;
    }
    let e = 0;
    let any = false;
    while (i < end && c >= 0x30 && c <= 0x39) {
      e = e * 10 + (c - 0x30);
      any = true;
      c = bytes[++i]!;
    }
    if (!any) return NaN;
    exponent += sign * e;
  }
  if (i !== end) return NaN;
  if (digits > 15 || exponent > 22 || exponent < -22) return Number(latin1(bytes, start, end));
  const value = exponent < 0 ? mantissa / POW10[-exponent]! : mantissa * POW10[exponent]!;
  return negative ? -value : value;
}

function special(bytes: Uint8Array, start: number, end: number): number {
  const text = latin1(bytes, start, end).toLowerCase();
  if (text === "inf" || text === "+inf" || text === "infinity") return Infinity;
  if (text === "-inf" || text === "-infinity") return -Infinity;
  return NaN;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}
