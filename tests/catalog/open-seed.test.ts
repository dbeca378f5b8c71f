// Every seed corpus through openDataset, in the layout it is really distributed in: small files
// generated here (names, folders, record shapes and compression as the corpus ships them), read
// once from a local copy (a directory) and once over HTTP from a local hub (globbed sets listed
// with the tree API). The assembled text of every record and every id is checked against what the
// generator put in: paragraph order, no JSON keys in the text, no Gutenberg boilerplate.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { compress } from "@mongodb-js/zstd";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { InputError, openDataset, type Doc } from "../../src/index.js";
import { listFiles } from "../../src/catalog/open.js";
import { withHub } from "../hub-server.js";
import { collect, FIXTURES } from "../support.js";
import { zstBlocksFile } from "../zst-blocks-file.js";

const udhr = readFileSync(`${FIXTURES}/udhr.jsonl`, "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { text: string; lang: string });
/** English and Chinese paragraphs of the UDHR. */
const EN = udhr.find((u) => u.lang === "en")!.text.split("\n\n");
const ZH = udhr.find((u) => u.lang === "zh")!.text.split("\n\n");

const jsonl = (records: unknown[]) => Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join(""));
const zst = async (b: Buffer) => Buffer.from(await compress(b, 3));

interface Case {
  id: string;
  subset?: string;
  split?: string;
  shards?: number;
  files: () => Promise<Record<string, Buffer>>;
  /** id (with the copy's base removed) and text of every document, in order. */
  expected: { id: string; text: string; meta?: Record<string, unknown> }[];
}

// --- the corpora ---

const mnbvcParagraphs = (i: number) => {
  const lines = ZH.slice(i, i + 4);
  // stored out of order: the text follows 行号, not list order
  return { lines, 段落: [2, 0, 3, 1].map((k) => ({ 行号: k + 1, 是否重复: k === 3, 是否跨文件重复: false, md5: `m${k}`, 内容: lines[k], 扩展字段: "" })) };
};
const gov = [0, 4].map((i) => ({ 文件名: `xxqg/${i}.txt`, 是否待查文件: false, 是否重复文件: false, 段落数: 4, 时间: "20230172", ...mnbvcParagraphs(i) }));
const report = [1, 5].map((i) => {
  const { lines, 段落 } = mnbvcParagraphs(i);
  return { lines, record: { text: JSON.stringify(段落), meta: JSON.stringify({ 文件名: `2020/30068${i}_2020.txt` }) } };
});
const mfa = [0, 1, 2].map((i) => ({ id: i + 100, 问: ZH[i]!, 答: ZH[i + 3]!, 来源: "mfa", 元数据: { create_time: "2023" }, 时间: "20230301" }));

const reddit = [
  { id: "c1", author: "a", body: "Tom &amp; Jerry &lt;3 &gt; all", created_utc: 1546300800, subreddit: "x" },
  { id: "c2", author: "[deleted]", body: "[deleted]", created_utc: "1546300801", subreddit: "x" },
  { id: "c3", author: "b", body: EN[2]!, created_utc: "1546300802", subreddit: "y" },
  { id: "c4", author: "c", body: "[removed]", created_utc: 1546300803, subreddit: "y" },
  { id: "c5", author: "d", body: `${EN[3]!} &quot;quoted&quot;`, created_utc: 1546300804, subreddit: "y" },
];
const posts = [
  { id: "s1", title: "A &amp; B", selftext: EN[1]!, created_utc: 1546300800 },
  { id: "s2", title: "Link post", selftext: "", created_utc: "1546300900" },
  { id: "s3", title: "Removed body", selftext: "[removed]", created_utc: 1546301000 },
];

const PG_HEADER = (title: string, star = "*** ") =>
  `\uFEFFThe Project Gutenberg EBook of ${title}, by Jane Doe\n\nThis eBook is for the use of anyone anywhere at no cost.\n\nTitle: ${title}\n\nAuthor: Jane Doe\n\nLanguage: English\n\nCharacter set encoding: UTF-8\n\n${star}START OF THIS PROJECT GUTENBERG EBOOK ${title.toUpperCase()} ***\n\n\n\n`;
const PG_FOOTER = "\n\n\n*** END OF THIS PROJECT GUTENBERG EBOOK PRIDE ***\n\n***** This file should be named 1342-0.txt *****\n\nUpdated editions will replace the previous one.\n";
const book = EN.slice(0, 5).join("\n\n");

const wudao = [
  { id: 1, uniqueKey: "u1", titleUkey: "t1", dataType: "科技", title: ZH[0]!, content: ZH.slice(1, 3).join("\n") },
  { id: 2, uniqueKey: "u2", titleUkey: "t2", dataType: "博客", title: ZH[3]!, content: `${ZH[3]!}\n${ZH[4]!}` },
  { id: 3, uniqueKey: "u3", titleUkey: "t3", dataType: "新闻", title: "", content: ZH[5]! },
];

const CASES: Case[] = [
  {
    id: "proof-pile",
    shards: 2,
    files: async () => ({
      "train/proofpile_train_0.jsonl.gz": gzipSync(jsonl(EN.slice(0, 2).map((text) => ({ text, meta: { config: "arxiv" } })))),
      "train/proofpile_train_1.jsonl.gz": gzipSync(jsonl([{ text: EN[2], meta: { config: "wiki" } }])),
    }),
    expected: [
      { id: "train/proofpile_train_0.jsonl.gz:1", text: EN[0]!, meta: { config: "arxiv" } },
      { id: "train/proofpile_train_0.jsonl.gz:2", text: EN[1]! },
      { id: "train/proofpile_train_1.jsonl.gz:1", text: EN[2]! },
    ],
  },
  {
    id: "pes2o",
    subset: "v2",
    shards: 1,
    files: async () => ({
      "data/v2/train-00000-of-00020.json.gz": gzipSync(jsonl(EN.slice(3, 5).map((text, i) => ({ added: "2023", created: "2020", id: `p${i}`, source: "s2orc", text, version: "v2" })))),
    }),
    expected: [
      { id: "p0", text: EN[3]!, meta: { source: "s2orc" } },
      { id: "p1", text: EN[4]! },
    ],
  },
  {
    id: "stackoverflow-posts",
    files: async () => ({
      "stackoverflow-posts-00000-of-00058.parquet": Buffer.from(
        parquetWriteBuffer({
          columnData: [
            { name: "Id", data: [4, 7, 9], type: "INT32" },
            { name: "PostTypeId", data: [1, 2, 1], type: "INT32" },
            { name: "Title", data: ["How do I X?", null, "Why Y?"], type: "STRING" },
            { name: "Body", data: [EN[0]!, EN[1]!, EN[2]!], type: "STRING" },
          ],
        }),
      ),
    }),
    expected: [
      { id: "4", text: `How do I X?\n\n${EN[0]!}`, meta: { PostTypeId: 1 } },
      { id: "7", text: EN[1]! },
      { id: "9", text: `Why Y?\n\n${EN[2]!}` },
    ],
  },
  {
    id: "slimpajama",
    files: async () => ({
      "train/chunk1/example_train_0.jsonl.zst": await zst(jsonl([{ text: EN[5], meta: { redpajama_set_name: "RedPajamaC4" } }])),
      "train/chunk2/example_train_1028.jsonl.zst": await zst(jsonl([{ text: EN[6], meta: { redpajama_set_name: "RedPajamaWikipedia" } }])),
      "validation/chunk1/example_holdout_0.jsonl.zst": await zst(jsonl([{ text: "held out", meta: {} }])),
    }),
    expected: [
      { id: "train/chunk1/example_train_0.jsonl.zst:1", text: EN[5]!, meta: { redpajama_set_name: "RedPajamaC4" } },
      { id: "train/chunk2/example_train_1028.jsonl.zst:1", text: EN[6]! },
    ],
  },
  {
    id: "mnbvc",
    subset: "gov_xuexiqiangguo",
    files: async () => ({ "gov/20230172/XueXiQiangGuo.jsonl.gz": gzipSync(jsonl(gov.map(({ lines: _, ...r }) => r))) }),
    expected: gov.map((g, i) => ({ id: `gov/20230172/XueXiQiangGuo.jsonl.gz:${i + 1}`, text: g.lines.join("\n"), meta: { 文件名: g.文件名, 段落数: 4 } })),
  },
  {
    id: "mnbvc",
    subset: "co_ann_report",
    files: async () => ({
      "co_ann_report/20230125/1.jsonl.gz": gzipSync(jsonl(report.map((r) => r.record))),
      "co_ann_report/20230125/.DS_Store": Buffer.from([0, 0, 0, 1, 66, 117, 100, 49]),
    }),
    expected: report.map((r, i) => ({ id: `co_ann_report/20230125/1.jsonl.gz:${i + 1}`, text: r.lines.join("\n") })),
  },
  {
    id: "mnbvc",
    subset: "qa_mfa",
    files: async () => ({ "qa/mfa/0.jsonl.gz": gzipSync(jsonl(mfa)) }),
    expected: mfa.map((q) => ({ id: String(q.id), text: `${q.问}\n${q.答}`, meta: { 来源: "mfa", 元数据: { create_time: "2023" } } })),
  },
  {
    id: "falcon-refinedweb",
    files: async () => ({
      "data/train-00000-of-05534-b8bd0b5d7b4ae7f2.parquet": Buffer.from(
        parquetWriteBuffer({
          columnData: [
            { name: "content", data: [EN[7]!, EN[8]!], type: "STRING" },
            { name: "url", data: ["https://a.example/1", "https://a.example/2"], type: "STRING" },
            { name: "dump", data: ["CC-MAIN-2022-05", "CC-MAIN-2022-05"], type: "STRING" },
          ],
        }),
      ),
    }),
    expected: [
      { id: "data/train-00000-of-05534-b8bd0b5d7b4ae7f2.parquet:1", text: EN[7]!, meta: { url: "https://a.example/1", dump: "CC-MAIN-2022-05" } },
      { id: "data/train-00000-of-05534-b8bd0b5d7b4ae7f2.parquet:2", text: EN[8]! },
    ],
  },
  {
    id: "cbook-150k",
    files: async () => ({ "books/71b04a3c2564e8295fb2443fd0511063.pdf.txt": Buffer.from(ZH.slice(0, 3).join("\n")) }),
    expected: [{ id: "books/71b04a3c2564e8295fb2443fd0511063.pdf.txt", text: ZH.slice(0, 3).join("\n") }],
  },
  {
    id: "nlp-chinese-corpus",
    subset: "wiki2019zh",
    files: async () => ({
      "wiki_zh/AA/wiki_00": jsonl([0, 1].map((i) => ({ id: `${i + 13}`, url: `https://zh.wikipedia.org/wiki?curid=${i + 13}`, title: ZH[i], text: `${ZH[i]!}\n\n${ZH[i + 2]!}` }))),
      "wiki_zh/AB/wiki_00": jsonl([{ id: "99", url: "https://zh.wikipedia.org/wiki?curid=99", title: ZH[5], text: ZH[5] }]),
    }),
    expected: [
      { id: "13", text: `${ZH[0]!}\n\n${ZH[2]!}`, meta: { title: ZH[0]! } },
      { id: "14", text: `${ZH[1]!}\n\n${ZH[3]!}` },
      { id: "99", text: ZH[5]! },
    ],
  },
  {
    id: "nlp-chinese-corpus",
    subset: "news2016zh",
    split: "validation",
    files: async () => ({
      "new2016zh/news2016zh_valid.json": jsonl([0, 1].map((i) => ({ news_id: `n${i}`, title: ZH[i], content: ZH[i + 4], source: "新华网", time: "2016-01-01", keywords: "人权", desc: "" }))),
    }),
    expected: [0, 1].map((i) => ({ id: `n${i}`, text: `${ZH[i]!}\n${ZH[i + 4]!}`, meta: { source: "新华网" } })),
  },
  {
    id: "nlp-chinese-corpus",
    subset: "baike2018qa",
    split: "validation",
    files: async () => ({ "baike_qa2019/baike_qa_valid.json": jsonl([{ qid: "q1", category: "法律", title: ZH[0], desc: "", answer: ZH[1] }]) }),
    expected: [{ id: "q1", text: `${ZH[0]!}\n${ZH[1]!}`, meta: { category: "法律" } }],
  },
  {
    id: "the-pile",
    split: "validation",
    files: async () => ({ "val.jsonl.zst": await zst(jsonl([{ text: EN[9], meta: { pile_set_name: "Pile-CC" } }])) }),
    expected: [{ id: "val.jsonl.zst:1", text: EN[9]!, meta: { pile_set_name: "Pile-CC" } }],
  },
  {
    id: "c4",
    subset: "en",
    split: "validation",
    shards: 1,
    files: async () => ({ "en/c4-validation.00000-of-00008.json.gz": gzipSync(jsonl([{ text: EN[10], timestamp: "2019-04-25T12:57:54Z", url: "https://b.example/" }])) }),
    expected: [{ id: "en/c4-validation.00000-of-00008.json.gz:1", text: EN[10]!, meta: { url: "https://b.example/" } }],
  },
  {
    id: "roots",
    subset: "roots_zh_wikiquote",
    files: async () => ({
      "data/train-00000-of-00001.parquet": Buffer.from(
        parquetWriteBuffer({
          columnData: [
            { name: "text", data: [ZH[6]!, ZH[7]!], type: "STRING" },
            { name: "meta", data: ['{"source": "wikiquote"}', '{"source": "wikiquote"}'], type: "STRING" },
          ],
        }),
      ),
    }),
    expected: [
      { id: "data/train-00000-of-00001.parquet:1", text: ZH[6]! },
      { id: "data/train-00000-of-00001.parquet:2", text: ZH[7]! },
    ],
  },
  {
    id: "pushshift-reddit",
    subset: "comments",
    files: async () => ({ "comments/RC_2019-01.zst": await zst(jsonl(reddit)), "submissions/RS_2019-01.zst": await zst(jsonl(posts)) }),
    expected: [
      { id: "c1", text: "Tom & Jerry <3 > all", meta: { created_utc: 1546300800, subreddit: "x" } },
      { id: "c3", text: EN[2]!, meta: { created_utc: "1546300802" } },
      { id: "c5", text: `${EN[3]!} "quoted"` },
    ],
  },
  // the older months, as files.pushshift.io listed them: .bz2 to 2017-11, .xz from 2017-12
  ...(["bz2", "xz"] as const).map((codec) => ({
    id: "pushshift-reddit",
    subset: "comments",
    split: codec,
    files: async () => ({ [`comments/RC_2017-0${codec === "bz2" ? 1 : 9}.${codec}`]: execFileSync(codec === "bz2" ? "bzip2" : "xz", ["-c"], { input: jsonl(reddit) }) }),
    expected: [
      { id: "c1", text: "Tom & Jerry <3 > all", meta: { created_utc: 1546300800, subreddit: "x" } },
      { id: "c3", text: EN[2]!, meta: { created_utc: "1546300802" } },
      { id: "c5", text: `${EN[3]!} "quoted"` },
    ],
  })),
  // Arctic Shift's 2023-04..2024-03 block container
  {
    id: "pushshift-reddit",
    subset: "comments",
    split: "zst_blocks",
    files: async () => ({ "comments/RC_2023-04.zst_blocks": await zstBlocksFile(reddit.map((r) => Buffer.from(JSON.stringify(r))), 2) }),
    expected: [
      { id: "c1", text: "Tom & Jerry <3 > all", meta: { created_utc: 1546300800, subreddit: "x" } },
      { id: "c3", text: EN[2]!, meta: { created_utc: "1546300802" } },
      { id: "c5", text: `${EN[3]!} "quoted"` },
    ],
  },
  {
    id: "pushshift-reddit",
    subset: "submissions",
    files: async () => ({ "comments/RC_2019-01.zst": await zst(jsonl(reddit)), "submissions/RS_2019-01.zst": await zst(jsonl(posts)) }),
    expected: [
      { id: "s1", text: `A & B\n\n${EN[1]!}`, meta: { created_utc: 1546300800 } },
      { id: "s2", text: "Link post", meta: { created_utc: "1546300900" } },
      { id: "s3", text: "Removed body" },
    ],
  },
  {
    id: "project-gutenberg",
    subset: "epub-cache",
    files: async () => ({
      "cache/epub/1342/pg1342.txt": Buffer.from(`${PG_HEADER("Pride")}${book}${PG_FOOTER}`),
      // PG #10026's irregular marker: no space after ***, the title and the closing *** wrapped
      "cache/epub/10026/pg10026.txt": Buffer.from(
        `The Project Gutenberg EBook of The Mirror\n\nTitle: The Mirror\n\n***START OF THE PROJECT GUTENBERG EBOOK THE MIRROR OF LITERATURE,\nAMUSEMENT, AND INSTRUCTION ***\n\n${EN[11]!}\n\nEnd of the Project Gutenberg EBook of The Mirror\n\nlicence text`,
      ),
    }),
    expected: [
      { id: "cache/epub/10026/pg10026.txt", text: EN[11]!, meta: { gutenberg_title: "The Mirror" } },
      { id: "cache/epub/1342/pg1342.txt", text: book, meta: { gutenberg_title: "Pride", gutenberg_author: "Jane Doe", gutenberg_language: "English" } },
    ],
  },
  {
    id: "pg-19",
    split: "validation",
    files: async () => ({ "validation/10005.txt": Buffer.from(book), "train/1.txt": Buffer.from("other split") }),
    expected: [{ id: "validation/10005.txt", text: book }],
  },
  {
    id: "clue-corpus-2020",
    subset: "news2016zh_corpus",
    files: async () => ({
      "news2016zh_corpus/news2016zh_corpus/001.txt": Buffer.from(`${ZH[0]!}\n${ZH[1]!}\n\n${ZH[2]!}\n\n\n${ZH[3]!}\n${ZH[4]!}\n`),
      "news2016zh_corpus/news2016zh_corpus/002.txt": Buffer.from(`${ZH[5]!}\n`),
    }),
    expected: [
      { id: "news2016zh_corpus/news2016zh_corpus/001.txt:1", text: `${ZH[0]!}${ZH[1]!}` },
      { id: "news2016zh_corpus/news2016zh_corpus/001.txt:4", text: ZH[2]! },
      { id: "news2016zh_corpus/news2016zh_corpus/001.txt:7", text: `${ZH[3]!}${ZH[4]!}` },
      { id: "news2016zh_corpus/news2016zh_corpus/002.txt:1", text: ZH[5]! },
    ],
  },
  {
    id: "wudao-corpora",
    files: async () => ({ "WuDaoCorpus2.0_base_200G/part-2021270707.json": Buffer.from(JSON.stringify(wudao, null, 2)) }),
    expected: [
      { id: "u1", text: `${ZH[0]!}\n${ZH.slice(1, 3).join("\n")}`, meta: { id: 1, titleUkey: "t1", dataType: "科技" } },
      { id: "u2", text: `${ZH[3]!}\n${ZH[4]!}` },
      { id: "u3", text: ZH[5]! },
    ],
  },
];

const folder = (c: Case) => `datasets/mirror/${c.id}-${c.subset ?? "default"}-${c.split ?? "default"}/resolve/main`;

const fixture = withHub(async (root) => {
  for (const c of CASES) {
    for (const [path, bytes] of Object.entries(await c.files())) {
      await mkdir(dirname(join(root, folder(c), path)), { recursive: true });
      await writeFile(join(root, folder(c), path), bytes);
    }
  }
});

function check(docs: Doc[], c: Case, base: string) {
  const shown = docs.map((d) => ({ id: d.id.startsWith(base) ? d.id.slice(base.length) : d.id, text: d.text }));
  expect(shown).toEqual(c.expected.map((e) => ({ id: e.id, text: e.text })));
  c.expected.forEach((e, i) => {
    if (e.meta) expect(docs[i]!.meta).toMatchObject(e.meta);
  });
  for (const d of docs) {
    expect(d.text).not.toMatch(/"(内容|行号|text|title|content|body|selftext)"\s*:/);
    expect(d.text).not.toMatch(/PROJECT GUTENBERG|Project Gutenberg/);
  }
}

describe("openDataset on every seed corpus, in its distributed layout", () => {
  for (const c of CASES) {
    const name = `${c.id}${c.subset ? ` ${c.subset}` : ""}${c.split ? ` (${c.split})` : ""}`;
    const where = { ...(c.subset ? { subset: c.subset } : {}), ...(c.split ? { split: c.split } : {}), ...(c.shards ? { shards: c.shards } : {}) };
    it(`${name}: from a local copy`, async () => {
      const dir = join(fixture.root, folder(c));
      check(await collect(openDataset(c.id, { ...where, baseUrl: dir })), c, `${dir}/`);
    });
    it(`${name}: over HTTP`, async () => {
      const base = `${fixture.url}/${folder(c)}/`;
      check(await collect(openDataset(c.id, { ...where, baseUrl: base, http: { backoffMs: 5 } })), c, base);
    });
  }

  it("lists a globbed set through the tree API page by page, keeping each LFS file's sha256 to check the download", async () => {
    const c = CASES.find((x) => x.id === "slimpajama")!;
    const repo = "datasets/paging/slim/resolve/main";
    const files = await c.files();
    for (const [path, bytes] of Object.entries(files)) {
      await mkdir(dirname(join(fixture.root, repo, path)), { recursive: true });
      await writeFile(join(fixture.root, repo, path), bytes);
    }
    const base = `${fixture.url}/${repo}/`;
    const before = fixture.hub.log.length;
    fixture.hub.treePageSize = 1;
    try {
      const listed = await listFiles("slimpajama", { baseUrl: base });
      expect(listed.locations).toEqual([`${base}train/chunk1/example_train_0.jsonl.zst`, `${base}train/chunk2/example_train_1028.jsonl.zst`]);
      for (const url of listed.locations) {
        const path = url.slice(base.length);
        expect(listed.checksums[url]).toBe(createHash("sha256").update(files[path]!).digest("hex"));
      }
      check(await collect(openDataset("slimpajama", { baseUrl: base, http: { backoffMs: 5 } })), c, base);
    } finally {
      fixture.hub.treePageSize = 3;
    }
    const api = fixture.hub.log.slice(before).filter((l) => l.path.startsWith("/api/datasets/paging/slim/tree/main/train"));
    // train/ holds 2 folders and 2 files: 4 entries, one per page; the second listing came from the cache
    expect(api).toHaveLength(4);
  });

  it("a missing file of a local copy names the expected path and how to get it", async () => {
    const c = CASES.find((x) => x.id === "c4")!;
    const dir = join(fixture.root, folder(c));
    const error = await collect(openDataset("c4", { subset: "en", split: "validation", shards: 2, baseUrl: dir })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(String(error)).toContain(`${dir}/en/c4-validation.00001-of-00008.json.gz`);
    const none = await collect(openDataset("wudao-corpora", { baseUrl: join(fixture.root, "nothing") })).catch((e: unknown) => String(e));
    expect(none).toMatch(/WuDaoCorpus2\.0_base_200G\/part-\*\.json.*unrar x/);
  });

  it("an entry whose files are not served says how to get them; CBook-150K says the books must be extracted first", () => {
    expect(() => openDataset("pushshift-reddit", { subset: "comments" })).toThrow(/Academic Torrents/);
    expect(() => openDataset("cbook-150k")).toThrow(/book_extraction\.py/);
    expect(() => openDataset("clue-corpus-2020", { subset: "clue-corpus-2020", baseUrl: "/tmp" })).toThrow(/CLUEbenchmark@163\.com/);
  });
});
