// Python's round(x, digits): the exact decimal value of the double, ties to even. CCNet rounds
// perplexities with it. toFixed() also works on the exact value (0.15 is 0.1499... and becomes
// 0.1 in both) but breaks an exact tie upward, so 12.25 would become 12.3 where Python gives 12.2.
export function pythonRound(x: number, digits = 1): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return x;
  // An exact tie shows in the exact decimal expansion: a 5 right after the kept digits, then zeros.
  // Twenty more digits are enough: neighbouring doubles of values this size differ sooner.
  const exact = Math.abs(x).toFixed(digits + 20);
  const tail = exact.slice(exact.length - 20);
  if (tail === "5".padEnd(20, "0")) {
    const kept = exact.slice(0, exact.length - 20).replace(/\.$/, "");
    const last = Number(kept[kept.length - 1]);
    const down = Number(kept);
    const up = down + 10 ** -digits;
    const rounded = last % 2 === 0 ? down : Number(up.toFixed(digits));
    return Math.sign(x) * rounded;
  }
  return Number(x.toFixed(digits));
}
