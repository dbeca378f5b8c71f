// The report's inline SVG charts: lengths proportional to the figures, histograms cropped to their
// data with the marks where the values fall, every label escaped.
import { describe, expect, it } from "vitest";
import { barChart, funnelChart, histogramChart } from "../../src/report/svg-charts.js";

const format = (n: number) => String(n);
const widths = (svg: string) => [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));

describe("barChart", () => {
  it("draws bars proportional to the values, against `max` when given", () => {
    const svg = barChart(
      [
        { label: "a", value: 50 },
        { label: "b", value: 25 },
        { label: "c", value: 0 },
      ],
      { format, label: "test" },
    );
    const [a, b, c] = widths(svg);
    expect(b! / a!).toBeCloseTo(0.5, 2);
    expect(c).toBe(0);
    const [half] = widths(barChart([{ label: "a", value: 50 }], { format, max: 100, label: "test" }));
    expect(half! / a!).toBeCloseTo(0.5, 2);
  });

  it("escapes labels and data attributes, and shortens long labels keeping the whole in the tooltip", () => {
    const long = `<b>${"x".repeat(60)}</b>`;
    const svg = barChart([{ label: long, value: 1, data: { reason: '"><script>' } }], { format, label: "t" });
    expect(svg).not.toContain("<b>");
    expect(svg).not.toContain("<script>");
    expect(svg).toContain(`<title>&lt;b&gt;${"x".repeat(60)}&lt;/b&gt;: 1</title>`);
    expect(svg).toContain("…</text>");
    expect(svg).toContain('data-reason="&quot;&gt;&lt;script&gt;"');
  });
});

describe("funnelChart", () => {
  it("draws the whole input and the part passed on, centred", () => {
    const svg = funnelChart([{ label: "s", in: 100, out: 40 }], { format, label: "t" });
    const [whole, kept] = widths(svg);
    expect(kept! / whole!).toBeCloseTo(0.4, 2);
    expect(svg).toContain("40 (−60%)");
  });
});

describe("histogramChart", () => {
  const edges = Array.from({ length: 41 }, (_, i) => Number((10 ** (i / 10)).toPrecision(4)));

  it("crops to the bins with data, labels powers of ten and draws the marks between them", () => {
    const counts = new Array(edges.length + 1).fill(0);
    counts[12] = 3;
    counts[25] = 5;
    const svg = histogramChart("perplexity_en", { edges, counts, marks: { head: 20, tail: 200 } }, { format, label: "t", axis: "perplexity" });
    expect([...svg.matchAll(/class="bin" data-count="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([3, 5]);
    expect([...svg.matchAll(/text-anchor="middle">(\d+)<\/text>/g)].map((m) => m[1])).toEqual(["10", "100"]);
    const x = (mark: string) => Number(svg.match(new RegExp(`data-mark="${mark}"[^>]*><line x1="([\\d.]+)"`))![1]);
    const bins = [...svg.matchAll(/class="bin"[^>]* x="([\d.]+)"/g)].map((m) => Number(m[1]));
    // the bars are bins 12 [12.59, 15.85) and 25 [251.2, 316.2); 20 and 200 fall between them
    expect(x("head")).toBeGreaterThan(bins[0]!);
    expect(x("head")).toBeLessThan(x("tail"));
    expect(x("tail")).toBeLessThan(bins[1]!);
    expect([...svg.matchAll(/data-region="(\w+)"/g)].map((m) => m[1])).toEqual(["head", "tail"]);
  });

  it("says so when there is nothing to draw", () => {
    expect(histogramChart("h<1>", { edges: [1, 2], counts: [0, 0, 0] }, { format, label: "t", axis: "x" })).toBe('<p class="note">h&lt;1&gt;: no values</p>');
  });
});
