// Single-precision arithmetic as KenLM does it. lmplz computes discounts, probabilities and backoffs
// in C++ `float` (kpu/kenlm lm/builder/{adjust_counts,initial_probabilities,interpolate}.cc) and
// prints each value as the shortest decimal that reads back as the same float
// (util/float_to_string.cc: double-conversion's ToShortestSingle). Rounding after every operation
// with Math.fround, and taking log10 the way glibc does, gives the same ARPA text as lmplz.

export const f32 = Math.fround;

// glibc 2.36 sysdeps/ieee754/flt-32/e_log10f.c (the Sun fdlibm routine) splits x = 2^k * m and
// adds k*log10(2) in two float parts to ivln10 * logf(m). Its result differs in the last bit from
// log10 rounded once for 3% of floats in (1e-12, 1] (measured), which changes the printed digits.
const IVLN10 = f32(4.3429449201e-1);
const LOG10_2HI = f32(3.0102920532e-1);
const LOG10_2LO = f32(7.9034151668e-7);
const floatBits = new DataView(new ArrayBuffer(4));

/** log10f(x) as glibc computes it, for a float x. */
export function log10f(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log10(x);
  floatBits.setFloat32(0, x);
  let hx = floatBits.getInt32(0);
  let k = 0;
  if (hx < 0x00800000) {
    // subnormal: scaled by two25 first
    k -= 25;
    floatBits.setFloat32(0, f32(x * 33554432));
    hx = floatBits.getInt32(0);
  }
  k += (hx >> 23) - 127;
  const i = k < 0 ? 1 : 0;
  const y = k + i;
  const z = f32(f32(y * LOG10_2LO) + f32(IVLN10 * logfBits((hx & 0x007fffff) | ((0x7f - i) << 23))));
  return f32(z + f32(y * LOG10_2HI));
}

// glibc's logf (sysdeps/ieee754/flt-32/e_logf.c and e_logf_data.c, from Arm's optimized-routines):
// a 16-entry table of 1/c and log(c) and a cubic for log1p(z/c - 1), in double. On x86-64 CPUs with
// FMA, glibc picks e_logf-fma.c, where the multiply-adds are fused; fma() below does the same.
const LOGF_INVC = [
  1.398907162146528, 1.3403141896637998, 1.286432210124115, 1.2367150214269895, 1.1906977166711752, 1.1479821020556429, 1.1082251448272158, 1.0711297413057381,
  1.036437278977283, 1.0, 0.9492859795739057, 0.8951049428609004, 0.8476821620351103, 0.8050314851692001, 0.7664671008843108, 0.731428603316328,
];
const LOGF_LOGC = [
  -0.33569133332882284, -0.2929040563774074, -0.2518726580937369, -0.21245868807117255, -0.17453945183745634, -0.1380057072319758, -0.10275976698545139,
  -0.06871392447020525, -0.0357891387398228, 0.0, 0.05204517742929496, 0.11081431298787942, 0.1652495223695143, 0.21687389031699977, 0.2659635028121397,
  0.3127556664073557,
];
const LN2 = 0.6931471805599453;
const A0 = -0.25089342214237154;
const A1 = 0.333456765744066;
const A2 = -0.4999997485802103;
const LOGF_OFF = 0x3f330000;

/** logf of the normal positive float with these bits. */
function logfBits(ix: number): number {
  if (ix === 0x3f800000) return 0;
  const tmp = (ix - LOGF_OFF) | 0;
  const i = (tmp >>> 19) & 15;
  const k = tmp >> 23;
  floatBits.setInt32(0, ix - (tmp & (0x1ff << 23)));
  const z = floatBits.getFloat32(0);
  const r = fma(z, LOGF_INVC[i]!, -1);
  const y0 = LOGF_LOGC[i]! + k * LN2;
  const r2 = r * r;
  let y = fma(A1, r, A2);
  y = fma(A0, r2, y);
  y = fma(y, r2, y0 + r);
  return f32(y);
}

/** a*b + c with one rounding (Dekker's exact product, then an exact sum of the parts). */
function fma(a: number, b: number, c: number): number {
  const p = a * b;
  const sa = a * 134217729;
  const ah = sa - (sa - a);
  const al = a - ah;
  const sb = b * 134217729;
  const bh = sb - (sb - b);
  const bl = b - bh;
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  const s = p + c;
  const v = s - p;
  const t = p - (s - v) + (c - v);
  return s + (t + e);
}

/**
 * The shortest decimal that reads back as the same float, in KenLM's layout (double-conversion
 * with decimal_in_shortest_low -6 and high 21, the thresholds of JavaScript's own Number printing:
 * "-1e-7" but "-0.000001"). `x` must already be a float value (Math.fround).
 */
export function formatFloat32(x: number): string {
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "inf" : "-inf";
  // Fast path, in doubles: for p = 1, 2, ... digits, scale |x| so that its first p digits are the
  // integer part, round, scale back, and stop at the first p that reads back as x. The scaled
  // value is off by at most 2^-53 relative (1e-7 in units of the last kept digit at 9 digits), so
  // the rounding is exact unless the fraction is within 1e-6 of one half: those go to the exact
  // path, as do ties, powers of two (whose rounding interval is lopsided) and extreme exponents.
  const a = Math.abs(x);
  let e = Math.floor(Math.log10(a));
  if (e > -300 && 10 ** (e + 1) <= a) e++;
  if (e > -300 && 10 ** e > a) e--;
  if (e < -14 || e > 14 || isPowerOfTwo(x)) return formatFloat32Exact(x);
  for (let p = 1; p <= 9; p++) {
    const k = p - 1 - e;
    const y = k >= 0 ? a * POW10[k]! : a / POW10[-k]!;
    const fraction = y - Math.floor(y);
    if (Math.abs(fraction - 0.5) < 1e-6) return formatFloat32Exact(x);
    const n = Math.round(y);
    const c = k >= 0 ? n / POW10[k]! : n * POW10[-k]!;
    if (f32(c) === a) {
      // String() of the double nearest n*10^-k prints exactly those digits (no other decimal
      // of 15 digits or fewer reads as that double), laid out as double-conversion does.
      const text = String(x < 0 ? -c : c);
      return text.includes("e+") ? text.replace("e+", "e") : text;
    }
  }
  return formatFloat32Exact(x);
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** formatFloat32 with exact decimal rounding (toPrecision), for the cases the fast path leaves. */
export function formatFloat32Exact(x: number): string {
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "inf" : "-inf";
  // 9 significant digits always read back. Shorten one digit at a time while the nearest decimal
  // with one digit fewer still reads back; toPrecision rounds exactly (ECMA-262).
  const powerOfTwo = isPowerOfTwo(x);
  let best = x.toPrecision(9);
  let p = 9;
  for (; p > 1; p--) {
    const shorter = candidate(x, p - 1, powerOfTwo);
    if (shorter === undefined) break;
    best = shorter;
  }
  // toPrecision breaks a tie away from zero, double-conversion towards the even digit
  // (bignum-dtoa.cc GenerateShortestDigits): 3131327.25 prints as 3131327.2. A tie at p digits
  // needs the float to be exactly a (p+1)-digit decimal ending in 5.
  if (p < 9 && oddLastDigit(best)) {
    const longer = x.toPrecision(p + 1);
    if (lastDigit(longer) === 5 && Number(longer) === x && isTie(x, p)) {
      const v = Number(best);
      const even = (Math.abs(v) - 10 ** (Math.floor(Math.log10(Math.abs(v))) - p + 1)) * Math.sign(v);
      const e = even.toPrecision(p);
      if (f32(Number(e)) === x) best = e;
    }
  }
  // Number() drops toPrecision's trailing zeros and exponent; String() then lays the digits out
  // as double-conversion does (they are the shortest digits of that double too).
  const text = String(Number(best));
  return text.includes("e+") ? text.replace("e+", "e") : text;
}

/** The p-digit decimal nearest x if it reads back as x, else undefined. */
function candidate(x: number, p: number, powerOfTwo: boolean): string | undefined {
  const s = x.toPrecision(p);
  const v = Number(s);
  if (f32(v) === x) return s;
  // At a power of two the float's rounding interval is lopsided (half as wide below), and a
  // neighbour one unit away in the last digit can read back when the nearest does not.
  if (!powerOfTwo) return undefined;
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(v))) - p + 1);
  for (const near of [v - unit, v + unit]) {
    const c = near.toPrecision(p);
    if (f32(Number(c)) === x) return c;
  }
  return undefined;
}

function isPowerOfTwo(x: number): boolean {
  floatBits.setFloat32(0, x);
  return (floatBits.getInt32(0) & 0x007fffff) === 0;
}

function lastDigit(s: string): number {
  const e = s.indexOf("e");
  return s.charCodeAt((e === -1 ? s.length : e) - 1) - 48;
}

function oddLastDigit(s: string): boolean {
  return lastDigit(s) % 2 === 1;
}

/** Whether x lies exactly halfway between two p-digit decimals (its exact digits end in 5 at p+1). */
function isTie(x: number, p: number): boolean {
  const digits = x
    .toPrecision(Math.min(100, p + 25))
    .replace(/^-/, "")
    .replace(/e.*$/, "")
    .replace(".", "")
    .replace(/^0+/, "");
  return digits[p] === "5" && /^0*$/.test(digits.slice(p + 1));
}
