// A near-duplicate benchmark with ground truth. Real documents in English and Chinese (the sample
// corpus, its UDHR translations among them, and WikiText-2 from ../shared/data when it is there) are cut into
// 150-600-word documents; a third of them get one to three copies with controlled edits (word
// insertions, deletions, adjacent swaps, a boilerplate header and footer): most are near-duplicates,
// some heavy rewrites; every other document is there unchanged as an unrelated one. The truth is exact: each pair's Jaccard similarity of word
// 5-gram sets, computed from the texts with the same words MinHash sees (splitWords of simplifyText)
// over every pair that shares a 5-gram. Deterministic: a seeded generator, sorted inputs.
import { existsSync } from "node:fs";
import { read } from "../src/io/read.js";
import { simplifyText } from "../src/text/normalize.js";
import { isUnspaced, splitWords } from "../src/text/words.js";
import { englishReference, SHARED_DATA } from "../scripts/reference-text.js";

export interface BenchDoc {
  id: string;
  text: string;
  language: "en" | "zh";
  /** The document it was copied from (itself for an original). */
  family: number;
}

export interface TruePair {
  a: number;
  b: number;
  jaccard: number;
}

/** mulberry32: a small seeded generator, so every run builds the same corpus. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADERS = {
  en: [
    "Home | News | Sport | Weather | Contact",
    "Share this article: Facebook Twitter Email",
    "Advertisement. Subscribe now for unlimited access to all articles.",
  ],
  zh: ["首页 | 新闻 | 体育 | 天气 | 联系我们", "分享本文：微博 微信 邮件", "广告。立即订阅，畅读全部文章。"],
};

/** Pieces of `tokens` of 150 to 600 tokens each. */
function pieces(tokens: string[], rand: () => number): string[][] {
  const out: string[][] = [];
  let at = 0;
  while (tokens.length - at >= 150) {
    const size = Math.min(tokens.length - at, 150 + Math.floor(rand() * 450));
    out.push(tokens.slice(at, at + size));
    at += size;
  }
  return out;
}

async function sources(): Promise<{ text: string; language: "en" | "zh" }[]> {
  const texts: { text: string; language: "en" | "zh" }[] = [];
  for await (const doc of read("examples/data/*.{jsonl.gz,jsonl.zst,csv,parquet,wet.gz,txt}")) {
    // the record's own language field where it has one (ISO 639-1 or -3), else the script
    const tag = String(doc.meta.lang ?? "").split(/[-_]/)[0] ?? "";
    const language = ["en", "eng"].includes(tag)
      ? "en"
      : ["zh", "zho", "cmn"].includes(tag)
        ? "zh"
        : tag
          ? undefined
          : isUnspaced(doc.text)
            ? "zh"
            : /^[\x00-\x7f\u2018-\u201d]*$/.test(doc.text.slice(0, 3000))
              ? "en"
              : undefined;
    if (language) texts.push({ text: doc.text, language });
  }
  if (existsSync(SHARED_DATA)) texts.push({ text: [...englishReference()].join("\n"), language: "en" });
  return texts.filter((t) => t.text.length > 0);
}

/** The English texts of the benchmark's sources. */
export async function englishSources(): Promise<string[]> {
  return (await sources()).filter((t) => t.language === "en").map((t) => t.text);
}

/** The corpus: originals, their near-copies, unrelated documents, shuffled. */
export async function nearDuplicateCorpus(seed = 1): Promise<BenchDoc[]> {
  const rand = random(seed);
  const originals: { tokens: string[]; language: "en" | "zh" }[] = [];
  for (const { text, language } of await sources()) {
    // English keeps its words as written (punctuation attached); Chinese is cut into ICU words
    const tokens = language === "en" ? text.split(/\s+/).filter(Boolean) : splitWords(text, "zh");
    for (const piece of pieces(tokens, rand)) originals.push({ tokens: piece, language });
  }
  const docs: BenchDoc[] = [];
  const join = (tokens: string[], language: "en" | "zh") => tokens.join(language === "en" ? " " : "");
  originals.forEach(({ tokens, language }, family) => {
    docs.push({ id: `doc-${family}`, text: join(tokens, language), language, family });
    if (rand() >= 1 / 3) return;
    const copies = 1 + Math.floor(rand() * 3);
    for (let c = 0; c < copies; c++) {
      const edited = [...tokens];
      // Four in five copies are near-duplicates as the web makes them (a word in a hundred changed
      // or fewer: true Jaccard 0.85-1 to the original, 0.75-1 between two copies); one in five is
      // heavily rewritten (Jaccard 0.2-0.5), a hard negative that shares text with its original.
      // Pairs between 0.5 and 0.8 also come from the real texts (licence versions, translations
      // sharing code blocks). 14x8 bands put the LSH threshold near 0.72, below the 0.8 the truth
      // uses, so pairs just under 0.8 are where precision is lost (bench/dedup.ts reports them).
      const rate = rand() < 0.8 ? 0.001 + rand() * 0.011 : 0.1 + rand() * 0.1;
      const edits = Math.max(1, Math.round(edited.length * rate));
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * edited.length);
        const kind = rand();
        if (kind < 0.35) edited.splice(at, 0, tokens[Math.floor(rand() * tokens.length)]!);
        else if (kind < 0.7) edited.splice(at, 1);
        else if (at + 1 < edited.length) [edited[at], edited[at + 1]] = [edited[at + 1]!, edited[at]!];
      }
      let text = join(edited, language);
      if (rand() < 0.3) text = `${HEADERS[language][Math.floor(rand() * 3)]}\n${text}\n${HEADERS[language][Math.floor(rand() * 3)]}`;
      docs.push({ id: `doc-${family}-copy-${c}`, text, language, family });
    }
  });
  // shuffle (Fisher-Yates), so copies are not next to their originals
  for (let i = docs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [docs[i], docs[j]] = [docs[j]!, docs[i]!];
  }
  return docs;
}

/** Word 5-gram sets as MinHash sees them (datatrove: 5-grams of the words of simplify_text's output). */
export function shingleSet(doc: Pick<BenchDoc, "text" | "language">, n = 5): Set<string> {
  const words = splitWords(simplifyText(doc.text), doc.language);
  const set = new Set<string>();
  for (let i = 0; i + n <= words.length; i++) set.add(words.slice(i, i + n).join(" "));
  return set;
}

/** Every pair of documents sharing at least one shingle, with its exact Jaccard similarity. */
export function truePairs(docs: readonly BenchDoc[], sets: readonly Set<string>[]): TruePair[] {
  const postings = new Map<string, number[]>();
  sets.forEach((set, i) => {
    for (const s of set) {
      const list = postings.get(s);
      if (list) list.push(i);
      else postings.set(s, [i]);
    }
  });
  const shared = new Map<number, number>();
  for (const list of postings.values()) {
    // very common shingles (a licence's boilerplate in 20 documents) still count, pair by pair
    for (let x = 0; x < list.length; x++)
      for (let y = x + 1; y < list.length; y++) {
        const key = list[x]! * docs.length + list[y]!;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
  }
  const pairs: TruePair[] = [];
  for (const [key, inter] of shared) {
    const a = Math.floor(key / docs.length);
    const b = key % docs.length;
    pairs.push({ a, b, jaccard: inter / (sets[a]!.size + sets[b]!.size - inter) });
  }
  return pairs;
}
