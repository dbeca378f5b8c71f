// Modified Kneser-Ney discounts per order, from the number of n-grams with adjusted count 1..4
// (Chen & Goodman 1998, equation 26; kpu/kenlm lm/builder/adjust_counts.cc CalculateDiscounts):
//   Y = n1 / (n1 + 2 n2),  D1 = 1 - 2Y n2/n1,  D2 = 2 - 3Y n3/n2,  D3+ = 3 - 4Y n4/n3
// in single precision, operation by operation as lmplz evaluates them. lmplz refuses an order
// where n1, n2 or n3 is zero or a discount falls outside [0, j], unless given fallback discounts
// (--discount_fallback, whose default is 0.5 1 1.5).
import { ConfigError } from "../errors.js";
import { f32 } from "./float32.js";

/** [D0, D1, D2, D3+], D0 = 0: the amount taken from an n-gram with adjusted count 0, 1, 2, 3+. */
export type Discount = readonly [number, number, number, number];

export function discountFor(order: number, n: readonly number[], fallback: readonly number[] | undefined): Discount {
  const problem = discountProblem(order, n);
  if (problem === undefined) {
    const y = f32(f32(n[1]!) / f32(n[1]! + 2 * n[2]!));
    const d = (j: number) => f32(j - f32(f32(f32(f32(j + 1) * y) * f32(n[j + 1]!)) / f32(n[j]!)));
    const discount: Discount = [0, d(1), d(2), d(3)];
    const outOfRange = [1, 2, 3].find((j) => discount[j]! < 0 || discount[j]! > j);
    if (outOfRange === undefined) return discount;
    if (!fallback) {
      throw new ConfigError(
        "trainKneserNey",
        `${order}-gram discount out of range for adjusted count ${outOfRange}: ${discount[outOfRange]} (lmplz's error); pass discountFallback to use fixed discounts`,
      );
    }
  } else if (!fallback) {
    throw new ConfigError(
      "trainKneserNey",
      `${problem}; is this small or artificial data? Deduplicate it, or pass discountFallback (lmplz --discount_fallback)`,
    );
  }
  return fallbackDiscount(fallback!);
}

function discountProblem(order: number, n: readonly number[]): string | undefined {
  for (let j = 1; j < 4; j++) {
    if (n[j] === 0) {
      return `could not calculate Kneser-Ney discounts for ${order}-grams with adjusted count ${j + 1} because no ${order}-gram has adjusted count ${j}`;
    }
  }
  return undefined;
}

/** lmplz's ParseDiscountFallback: up to three values, the last one repeated, each in [0, j]. */
export function fallbackDiscount(values: readonly number[]): Discount {
  const d = [0, 1, 2].map((i) => f32(values[Math.min(i, values.length - 1)]!));
  d.forEach((v, i) => {
    if (!(v >= 0 && v <= i + 1)) throw new ConfigError("trainKneserNey", `discountFallback: the discount for count ${i + 1} is ${v}, not in [0, ${i + 1}]`);
  });
  return [0, d[0]!, d[1]!, d[2]!];
}
