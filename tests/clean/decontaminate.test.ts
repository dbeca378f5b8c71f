// decontaminate: planted benchmark items are caught in every disguise the normalisation undoes;
// pages on the same topic that copy no 12 words in a row are kept.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { read, type Doc } from "../../src/index.js";
import { buildDecontIndex, buildDecontIndexInMemory, decontaminate, DecontaminateOptions, findContamination } from "../../src/clean/decontaminate.js";
import { forEachNgramHash } from "../../src/clean/ngram-hashes.js";
import { DecontIndex, simplifyForNgrams } from "../../src/clean/ngram-index.js";
import { simplifyText } from "../../src/text/normalize.js";
import { jiebaWords } from "../../src/text/jieba-words.js";
import { startHub, type HubServer } from "../hub-server.js";
import { collect, collector, tempDir, timeExponent } from "../support.js";

// Small benchmarks written for these tests, in the shape of the real ones.
const MATH = [
  {
    question:
      "Lena bakes 24 muffins for the school fair. She sells three quarters of them in the morning and gives 2 to her teacher. How many muffins does she have left at the end of the day?",
    answer: "She sells 24 * 3/4 = 18 muffins in the morning.\nAfter giving 2 away she has 24 - 18 - 2 = 4 muffins left.\n#### 4",
  },
  {
    question:
      "A train leaves the station at 9:15 and travels for 2 hours and 50 minutes before reaching the coast, where it waits 25 minutes. At what time does it leave the coast?",
    answer: "The train arrives at 9:15 + 2:50 = 12:05.\nIt leaves 25 minutes later, at 12:30.\n#### 12:30",
  },
  {
    question:
      "Omar saves $15 every week for a bicycle that costs $240. He already has $45 from his birthday. How many weeks must he save before he can buy the bicycle?",
    answer: "He still needs 240 - 45 = $195.\nAt $15 a week that takes 195 / 15 = 13 weeks.\n#### 13",
  },
];
const QUIZ = [
  {
    question: "Which layer of the Earth's atmosphere contains most of the ozone that absorbs ultraviolet radiation from the Sun?",
    choices: ["the troposphere", "the stratosphere", "the mesosphere", "the thermosphere"],
    answer: 1,
  },
  {
    question: "In a market with perfect competition, what happens to the long-run economic profit of firms when new firms are free to enter the industry?",
    choices: ["it rises without limit", "it falls to zero", "it stays constant", "it becomes negative forever"],
    answer: 1,
  },
];
const ZH = [
  {
    id: 0,
    question: "某工厂原计划每天生产零件一百二十个，实际每天比原计划多生产百分之二十五，那么实际每天生产多少个零件？",
    A: "一百二十个",
    B: "一百五十个",
    C: "一百八十个",
    D: "二百个",
    answer: "B",
    explanation: "实际每天生产的零件数等于原计划的一点二五倍。",
  },
];

let dir: string;
let index: DecontIndex;

beforeAll(async () => {
  dir = join((await import("node:os")).tmpdir(), `corpuskit-decont-${process.pid}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "math.jsonl"), MATH.map((r) => JSON.stringify(r)).join("\n") + "\n");
  await writeFile(join(dir, "zh.jsonl"), ZH.map((r) => JSON.stringify(r)).join("\n") + "\n");
  await writeFile(
    join(dir, "quiz.jsonl"),
    QUIZ.map((r) => JSON.stringify({ question: r.question, options: r.choices, gold: r.choices[r.answer] })).join("\n") + "\n",
  );
  index = await buildDecontIndexInMemory({
    against: [
      { name: "math", path: join(dir, "math.jsonl"), fields: ["question", "answer"] },
      { name: "quiz", path: join(dir, "quiz.jsonl"), fields: ["question", "options", "gold"] },
      { name: "zh", path: join(dir, "zh.jsonl"), fields: ["question", "A", "B", "C", "D", "explanation"], language: "zh" },
    ],
  });
});

/** Real prose from the sample corpus, to embed planted items in. */
async function samplePages(count: number): Promise<string[]> {
  const docs = await collect(read("examples/data/web.jsonl.gz", { limit: 200 }));
  return docs
    .map((d) => d.text)
    .filter((t) => t.length > 1500 && !/[\u4e00-\u9fff]/.test(t))
    .slice(0, count);
}

describe("decontaminate: what is caught", () => {
  it("indexes every benchmark and names the item", () => {
    expect(index.header.benchmarks.map((b) => [b.name, b.items, b.tokenization])).toEqual([
      ["math", 3, "spaced"],
      ["quiz", 2, "spaced"],
      ["zh", 1, "zh-words"],
    ]);
    const hit = findContamination(index, MATH[2]!.question);
    expect(hit?.benchmark).toBe("math");
    expect(hit?.item).toBe("math.jsonl:3");
    expect(hit?.ngram.split(" ")).toHaveLength(12);
  });

  it("catches items verbatim, re-spaced, re-punctuated, re-cased, with other numbers and embedded in long pages", async () => {
    const pages = await samplePages(6);
    expect(pages.length).toBe(6);
    const q = MATH[0]!.question;
    const variants = [
      q,
      q.replace(/ /g, "   ").replace(/\. /g, ".\n\n"), // re-spaced
      q.replace(/\./g, " ;").replace(/,/g, "").replace(/\?/g, "!"), // punctuation changed
      q.toUpperCase(),
      q.replace("24", "36").replace("2", "5"), // numbers all become "0"
      q.replace("Lena", "Léna"), // diacritics dropped
      `${pages[0]}\n\n${q}\n\n${pages[1]}`, // inside a long page
      `${pages[2]} ${MATH[1]!.answer.replace(/\n/g, " ")} ${pages[3]}`, // the answer alone, mid-paragraph
      `${pages[4]}\n${QUIZ[0]!.question}\n${pages[5]}`, // a quiz question without its choices
    ];
    for (const v of variants) expect(findContamination(index, v), v.slice(0, 80)).toBeDefined();
  });

  it("catches a Chinese item inside Chinese text, and a question copied with its options", () => {
    const zh = `今天我们复习应用题。${ZH[0]!.question}请大家先独立思考。`;
    const hit = findContamination(index, zh);
    expect(hit?.benchmark).toBe("zh");
    const quiz = `Q: ${QUIZ[1]!.question}\n(A) ${QUIZ[1]!.choices[0]}\n(B) ${QUIZ[1]!.choices[1]}`;
    expect(findContamination(index, quiz)?.benchmark).toBe("quiz");
  });

  it("keeps pages on the same topics that copy no 12 words in a row, and the sample corpus", async () => {
    const sameTopic = [
      "Lena loves baking muffins for school fairs. This year she baked two dozen and sold most of them before lunch, keeping a few for her teacher and her friends.",
      "Trains to the coast leave every morning; the journey takes just under three hours, and the train usually waits at the seaside station for about half an hour.",
      "Saving for a bicycle: if you put aside fifteen dollars each week, a bike that costs two hundred and forty dollars is within reach in a few months, sooner with birthday money.",
      "The stratosphere holds most of the ozone layer, which absorbs ultraviolet radiation from the Sun and protects life on Earth.",
      "Under perfect competition, free entry drives long-run economic profit to zero as new firms join the industry.",
      "工厂计划每天生产零件，实际产量比原计划多了百分之二十五。",
    ];
    for (const page of sameTopic) expect(findContamination(index, page), page).toBeUndefined();
    const sample = await collect(read("examples/data/web.jsonl.gz"));
    expect(sample.length).toBeGreaterThan(200);
    expect(sample.filter((d) => findContamination(index, d.text)).map((d) => d.id)).toEqual([]);
  });

  it("cuts jieba words only where the prefilter points, with the decisions of cutting the whole text", async () => {
    // items made of the sample's own Chinese sentences, so that real pages hold them; each page then
    // checked both ways: the stretches (findContamination) and jieba over the whole simplified text
    const pages = (await collect(read("examples/data/books.jsonl.zst"))).map((d) => d.text).filter((t) => /\p{Script=Han}/u.test(t));
    const sentences = pages.flatMap((t) => t.split(/[。！？\n]/)).filter((x) => x.length >= 30 && /\p{Script=Han}{10}/u.test(x));
    expect(sentences.length).toBeGreaterThan(50);
    const items = sentences.filter((_, i) => i % 7 === 0).map((q, i) => ({ id: `s${i}`, question: q, answer: "" }));
    const file = join(dir, "zh-sentences.jsonl");
    await writeFile(file, items.map((x) => JSON.stringify(x)).join("\n"));
    const zh = await buildDecontIndexInMemory({ against: [{ name: "zhs", path: file, fields: ["question"], language: "zh" }] });
    const docs = [...pages, ...sentences.slice(0, 200).map((x, i) => `前言。${x}${sentences[(i * 13) % sentences.length]}`)];
    let hits = 0;
    for (const text of docs) {
      const whole = jiebaWords(simplifyForNgrams(text));
      let expected: string | undefined;
      forEachNgramHash(whole, 12, (hi, lo, start) => {
        if (zh.lookup(hi, lo) < 0) return false;
        expected = whole.slice(start, start + 12).join("");
        return true;
      });
      expect(findContamination(zh, text)?.ngram).toBe(expected);
      if (expected) hits++;
    }
    expect(hits).toBeGreaterThan(20);
    expect(hits).toBeLessThan(docs.length);
  });

  it("needs n words in a row: 11 of the item's words do not match, 12 do", () => {
    const words = MATH[0]!.answer.replace(/\n/g, " ").split(" ");
    // the answer's first words, surrounded by text that shares nothing with the benchmark
    const around = (k: number) => `Some unrelated opening words here. ${words.slice(0, k).join(" ")} And then something else entirely.`;
    const simplifiedCount = (k: number) =>
      words
        .slice(0, k)
        .join(" ")
        .replace(/[^\p{L}\p{N} ]/gu, " ")
        .split(/\s+/)
        .filter(Boolean).length;
    let k = 1;
    while (simplifiedCount(k) < 11) k++;
    expect(simplifiedCount(k)).toBe(11);
    expect(findContamination(index, around(k))).toBeUndefined();
    while (simplifiedCount(k) < 12) k++;
    expect(findContamination(index, around(k))).toBeDefined();
  });
});

describe("decontaminate: the step", () => {
  const docs = (texts: string[]): Doc[] => texts.map((text, i) => ({ id: `d${i}`, text, meta: {} }));

  it("drops contaminated documents with meta.contaminated_by and counts them per benchmark; annotate keeps them", async () => {
    const out = await tempDir();
    const path = join(out, "decont.idx");
    const summary = await buildDecontIndex({ against: [{ name: "math", path: join(dir, "math.jsonl"), fields: ["question", "answer"] }] }, path);
    expect(summary.benchmarks[0]!.items).toBe(3);
    const input = docs(["A clean page about cooking pasta with garlic, olive oil and a little chili.", `Homework help: ${MATH[2]!.question}`]);
    const rejected = collector();
    const { stats, docs: kept } = await runStep(decontaminate({ index: path, rejected: rejected.sink }), input);
    expect(kept.map((d) => d.id)).toEqual(["d0"]);
    expect(rejected.docs.map((d) => [d.id, d.meta.filter_reason, (d.meta.contaminated_by as { benchmark: string }).benchmark])).toEqual([
      ["d1", "contaminated", "math"],
    ]);
    expect(stats.contaminated_math).toBe(1);
    const annotated = await runStep(decontaminate({ index: path, mode: "annotate" }), input);
    expect(annotated.docs.map((d) => d.meta.contaminated_by === undefined)).toEqual([true, false]);
  });

  it("reads a catalog entry from a local mirror (gsm8k's Parquet layout) and from a local copy folder", async () => {
    const root = await tempDir();
    const folder = join(root, "datasets/openai/gsm8k/resolve/main/main");
    await mkdir(folder, { recursive: true });
    const buf = parquetWriteBuffer({
      columnData: [
        { name: "question", data: MATH.map((r) => r.question) },
        { name: "answer", data: MATH.map((r) => r.answer) },
      ],
    });
    await writeFile(join(folder, "test-00000-of-00001.parquet"), Buffer.from(buf));
    const hub: HubServer = await startHub(root);
    try {
      const viaHttp = await buildDecontIndexInMemory({ against: [{ id: "gsm8k", baseUrl: `${hub.url}/datasets/openai/gsm8k/resolve/main/` }] });
      expect(viaHttp.header.benchmarks[0]).toMatchObject({ name: "gsm8k", items: 3 });
      expect(findContamination(viaHttp, `Worked example. ${MATH[1]!.answer}`)).toMatchObject({ benchmark: "gsm8k" });
      const viaFolder = await buildDecontIndexInMemory({ against: [{ id: "gsm8k", baseUrl: join(root, "datasets/openai/gsm8k/resolve/main") }] });
      expect(viaFolder.size).toBe(viaHttp.size);
    } finally {
      await hub.close();
    }
  });

  it("takes a known benchmark's own columns from a local file: MMLU's choices and answer index, C-Eval's options in Chinese", async () => {
    const out = await tempDir();
    await writeFile(
      join(out, "mmlu.jsonl"),
      QUIZ.map((r) => JSON.stringify({ question: r.question, subject: "misc", choices: r.choices, answer: r.answer })).join("\n") + "\n",
    );
    await writeFile(join(out, "ceval.jsonl"), ZH.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const idx = await buildDecontIndexInMemory({
      against: [
        { name: "mmlu", path: join(out, "mmlu.jsonl") },
        { name: "c-eval", path: join(out, "ceval.jsonl") },
      ],
    });
    expect(idx.header.benchmarks.map((b) => [b.name, b.items, b.tokenization])).toEqual([
      ["mmlu", 2, "spaced"],
      ["c-eval", 1, "zh-words"],
    ]);
    // without the question's own n-grams, only n-grams that reach into the gold answer are indexed:
    // the choices alone do not match, the choices followed by the right choice's text do
    const withGold = await buildDecontIndexInMemory({ against: [{ name: "mmlu", path: join(out, "mmlu.jsonl") }], queryNgrams: false });
    expect(findContamination(withGold, `Q. ${QUIZ[0]!.question} ${QUIZ[0]!.choices.join(" ")}`)).toBeUndefined();
    expect(findContamination(withGold, `Q. ${QUIZ[0]!.question} ${QUIZ[0]!.choices.join(" ")} ${QUIZ[0]!.choices[1]}.`)).toBeDefined();
    expect(findContamination(idx, `${ZH[0]!.question}`)?.benchmark).toBe("c-eval");
    await expect(buildDecontIndexInMemory({ against: [{ name: "mine", path: join(out, "mmlu.jsonl") }] })).rejects.toThrow(/give fields/);
  });

  it("round-trips the index file and refuses files that are not one", async () => {
    const out = await tempDir();
    const path = join(out, "i.idx");
    await index.write(path);
    const loaded = DecontIndex.load(path);
    expect(loaded.size).toBe(index.size);
    expect(loaded.header).toEqual(index.header);
    expect(findContamination(loaded, MATH[0]!.question)).toEqual(findContamination(index, MATH[0]!.question));
    await writeFile(join(out, "bad.idx"), "not an index at all");
    expect(() => DecontIndex.load(join(out, "bad.idx"))).toThrow(/not a decontamination index/);
    const truncated = index.toBuffer().subarray(0, -5);
    expect(() => DecontIndex.fromBuffer(truncated)).toThrow(/entries need/);
  });

  it("options: {} parses; index and against are exclusive", () => {
    expect(() => DecontaminateOptions.parse({})).not.toThrow();
    expect(() => decontaminate({})).toThrow(/exactly one/);
    expect(() => decontaminate({ index: "x", against: ["gsm8k"] })).toThrow(/exactly one/);
  });

  it("time grows linearly with the document, and a 1 MB line or lone surrogates do not crash it", async () => {
    const unit = "the quick brown fox jumps over the lazy dog while counting 12 sheep; ";
    // time ~ size^k between n and 16n (tests/support.ts): linear code measures about 1, quadratic 2
    expect(await timeExponent((reps) => findContamination(index, unit.repeat(reps)), 500, { factor: 16, minMs: 20 })).toBeLessThan(1.6);
    expect(findContamination(index, "x".repeat(1 << 20))).toBeUndefined();
    expect(findContamination(index, `\ud800 ${MATH[0]!.question} \udfff`)).toBeDefined();
  });

  it("the one-pass normalisation equals simplifyText (datatrove's simplify_text) on the sample, UDHR and odd characters", async () => {
    const texts = (await collect(read("examples/data"))).map((d) => d.text);
    texts.push(...(await collect(read("tests/fixtures/udhr.jsonl"))).map((d) => d.text));
    // full-width digits (in the punctuation list, but numbers go first), separators, marks, astral digits, U+037E (NFD gives ";")
    texts.push("ＡＢ１２３．５ x", "1,234,567.89 and ١٢٣٫٤", "é ́ café İstanbul", "𝟏𝟐 𝐀 and ;", "\ud800 lone \udc00 x", "  ¿¡ ok …  ");
    const differing = texts.filter((t) => simplifyForNgrams(t) !== simplifyText(t));
    // a dropped mark between two spaces leaves two spaces in simplify_text: the words are the same
    for (const t of differing) expect(simplifyForNgrams(t).split(" ").filter(Boolean)).toEqual(simplifyText(t).split(" ").filter(Boolean));
    expect(differing.length).toBeLessThanOrEqual(1);
  });

  it("n-gram hashes depend on order and on every token", () => {
    const hashes = (tokens: string[]) => {
      const out: string[] = [];
      forEachNgramHash(tokens, 3, (hi, lo) => void out.push(`${hi}:${lo}`));
      return out;
    };
    const [abc] = hashes(["a", "b", "c"]);
    expect(hashes(["a", "c", "b"])[0]).not.toBe(abc);
    expect(hashes(["a", "b", "d"])[0]).not.toBe(abc);
    expect(hashes(["x", "a", "b", "c"])[1]).toBe(abc);
    expect(hashes(["a", "b"])).toEqual([]);
  });
});

async function runStep(step: ReturnType<typeof decontaminate>, input: Doc[]): Promise<{ docs: Doc[]; stats: Record<string, number> }> {
  const { standaloneContext } = await import("../../src/pipeline/step.js");
  const ctx = standaloneContext("test");
  const docs = await collect(
    step(
      (async function* () {
        yield* input;
      })(),
      ctx,
    ),
  );
  return { docs, stats: { ...ctx.stats.counters } };
}

afterAll(async () => {
  const { rm } = await import("node:fs/promises");
  await rm(dir, { recursive: true, force: true });
});
