// Traditional <-> Simplified Chinese with OpenCC's dictionaries (BYVoid/OpenCC, Apache-2.0), through
// opencc-js (MIT code, OpenCC's dictionaries bundled): phrase-level conversion, as OpenCC's own
// converters do it (the longest dictionary phrase at each position, then the character tables),
// never character by character. The mode names are OpenCC's configuration names (s2t.json,
// tw2sp.json...), which Data-Juicer's chinese_convert_mapper also takes.
import { z } from "zod";
import type { Doc } from "../doc.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError, MissingDependencyError } from "../errors.js";
import { parseOptions } from "../options.js";
import { defineStep } from "../pipeline/step-descriptor.js";
import type { Step, StepContext } from "../pipeline/step.js";

/** OpenCC's configurations, as opencc-js's locales reach them ([from, to]). */
export const OPENCC_MODES = {
  s2t: ["cn", "t"],
  t2s: ["t", "cn"],
  s2tw: ["cn", "tw"],
  tw2s: ["tw", "cn"],
  s2hk: ["cn", "hk"],
  hk2s: ["hk", "cn"],
  s2twp: ["cn", "twp"],
  tw2sp: ["twp", "cn"],
  t2tw: ["t", "tw"],
  tw2t: ["tw", "t"],
  t2hk: ["t", "hk"],
  hk2t: ["hk", "t"],
  t2jp: ["t", "jp"],
  jp2t: ["jp", "t"],
} as const;
export type OpenccMode = keyof typeof OPENCC_MODES;

export const ChineseConvertOptions = z
  .object({
    mode: z
      .enum(Object.keys(OPENCC_MODES) as [OpenccMode, ...OpenccMode[]])
      .default("t2s")
      .describe("OpenCC configuration: t2s, s2t, tw2s, hk2s, s2tw, s2hk, s2twp, tw2sp, t2tw, tw2t, t2hk, hk2t, t2jp, jp2t"),
    dictionaries: z
      .string()
      .min(1)
      .optional()
      .describe(
        "a folder laid out as OpenCC's data folder (<mode>.json and its dictionaries as text, X.txt for X.ocd2): convert exactly as that OpenCC version does; default: the dictionaries opencc-js bundles",
      ),
  })
  .strict();
export type ChineseConvertInput = z.input<typeof ChineseConvertOptions>;

type Convert = (text: string) => string;
const converters = new Map<OpenccMode, Convert>();

interface OpenccTrie {
  loadDict(dict: readonly (readonly [string, string])[]): void;
  matchPrefix(text: string, offset: number): { end: number; value: string } | null;
  segment(text: string): string[];
}

interface OpenccJs {
  Converter(options: { from: string; to: string }): Convert;
  Trie: new () => OpenccTrie;
}

let openccModule: Promise<OpenccJs> | undefined;

async function loadOpencc(): Promise<OpenccJs> {
  openccModule ??= import("opencc-js")
    .then((m) => (m as { default?: OpenccJs }).default ?? (m as unknown as OpenccJs))
    .catch((error: unknown) => {
      openccModule = undefined;
      throw new MissingDependencyError("opencc-js", "chineseConvert", { cause: error });
    });
  return openccModule;
}

/** The converter of one OpenCC mode (built once; the dictionaries load on first use). */
export async function openccConverter(mode: OpenccMode): Promise<Convert> {
  let convert = converters.get(mode);
  if (!convert) {
    const [from, to] = OPENCC_MODES[mode];
    convert = (await loadOpencc()).Converter({ from, to });
    converters.set(mode, convert);
  }
  return convert;
}

/** An OpenCC dictionary entry in its config: one file, or a group of them (searched in order). */
interface DictEntry {
  type: string;
  file?: string;
  dicts?: DictEntry[];
}

/**
 * A converter from an OpenCC data folder, following OpenCC's config semantics: the text is cut by
 * maximum forward matching on the segmentation dictionary, then each segment passes every group of
 * the conversion chain in turn. Within a group the first dictionary that matches a prefix at all
 * decides, with its longest match (OpenCC's DictGroup::MatchPrefix, src/DictGroup.cpp), not the
 * longest match over the whole group; an entry with several candidates converts to the first.
 */
export async function openccFolderConverter(folder: string, mode: OpenccMode): Promise<Convert> {
  const { Trie } = await loadOpencc();
  const configFile = join(folder, `${mode}.json`);
  let config: { segmentation?: { dict?: DictEntry }; conversion_chain?: { dict: DictEntry }[] };
  try {
    config = JSON.parse(readFileSync(configFile, "utf8")) as typeof config;
  } catch (error) {
    throw new InputError({ file: configFile }, "cannot read the OpenCC configuration", { cause: error });
  }
  const files = (d: DictEntry): string[] => (d.type === "group" ? (d.dicts ?? []).flatMap(files) : d.file ? [d.file] : []);
  const trieOf = (file: string) => {
    const trie = new Trie();
    trie.loadDict(textDictionary(join(folder, file.replace(/\.ocd2?$/, ".txt"))));
    return trie;
  };
  const segFiles = config.segmentation?.dict ? files(config.segmentation.dict) : [];
  const segmentation = segFiles.length > 0 ? new Trie() : undefined;
  for (const file of segFiles) segmentation!.loadDict(textDictionary(join(folder, file.replace(/\.ocd2?$/, ".txt"))));
  const chain = (config.conversion_chain ?? []).map((c) => files(c.dict).map(trieOf));
  return (text) => {
    const segments = segmentation ? segmentation.segment(text) : [text];
    return segments.map((segment) => chain.reduce((s, group) => convertWithGroup(group, s), segment)).join("");
  };
}

function convertWithGroup(group: readonly OpenccTrie[], text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    let matched: { end: number; value: string } | null = null;
    for (const trie of group) {
      matched = trie.matchPrefix(text, i);
      if (matched) break;
    }
    if (matched) {
      out += matched.value;
      i = matched.end;
    } else {
      const c = text.charCodeAt(i);
      const step = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
      out += text.slice(i, i + step);
      i += step;
    }
  }
  return out;
}

/** OpenCC's text dictionary: "key<TAB>value1 value2..." per line; the first value is the conversion. */
function textDictionary(path: string): [string, string][] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new InputError({ file: path }, "cannot read the OpenCC dictionary (text form, as opencc_dict -t text writes it)", { cause: error });
  }
  const pairs: [string, string][] = [];
  for (const line of text.split("\n")) {
    const tab = line.indexOf("\t");
    if (tab <= 0) continue;
    const value = line
      .slice(tab + 1)
      .trim()
      .split(" ")[0];
    if (value) pairs.push([line.slice(0, tab), value]);
  }
  return pairs;
}

// Every character the dictionaries convert lies at or above U+2E80 (CJK radicals onwards, or astral:
// CJK extensions B and later); a text without one passes through untouched.
const CONVERTIBLE_RE = /[\u2e80-\uffff\ud800-\udbff]/;

/**
 * @example pipe(read("zh/*.jsonl"), chineseConvert({ mode: "t2s" }), writeJsonl("out"))
 */
export function chineseConvert(options: ChineseConvertInput = {}): Step {
  const o = parseOptions(ChineseConvertOptions, options, "chineseConvert");
  const run = async function* (docs: AsyncIterable<Doc>, ctx: StepContext): AsyncIterable<Doc> {
    const convert = o.dictionaries ? await openccFolderConverter(o.dictionaries, o.mode) : await openccConverter(o.mode);
    for await (const doc of docs) {
      if (!CONVERTIBLE_RE.test(doc.text)) {
        yield doc;
        continue;
      }
      const text = convert(doc.text);
      if (text === doc.text) {
        yield doc;
        continue;
      }
      ctx.stats.add("changed");
      yield { ...doc, text };
    }
  };
  return Object.assign(run, { stepName: "chinese_convert" });
}

export const chineseConvertStep = defineStep({
  name: "chinese_convert",
  options: ChineseConvertOptions,
  create: chineseConvert,
  description: "Traditional <-> Simplified Chinese with OpenCC's phrase and character dictionaries (t2s, s2t, s2twp, hk2s...)",
  reference: "OpenCC (BYVoid/OpenCC) via opencc-js; Data-Juicer chinese_convert_mapper",
  parallel: true,
});
