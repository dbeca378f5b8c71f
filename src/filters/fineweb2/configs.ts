// FineWeb-2's per-language filter settings (huggingface/fineweb-2, configs/ @ d0defb24): one YAML
// file per language, `{iso3}_{script}.yml`, in the configs/ folder of huggingface/fineweb-2
// (Apache-2.0). They are not bundled: the user names the folder (option `configs`, or the
// CORPUSKIT_FINEWEB2_CONFIGS environment variable), and each language's file is read and checked
// once, on the first document in that language.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { ConfigError } from "../../errors.js";

export const FINEWEB2_CONFIGS_ENV = "CORPUSKIT_FINEWEB2_CONFIGS";

const WHERE_TO_GET =
  "FineWeb-2's per-language configs are the configs/ folder of https://github.com/huggingface/fineweb-2 (Apache-2.0): clone it and pass that folder";

const pair = z.tuple([z.number().int().positive(), z.number()]);

/**
 * One language's file, with FineWeb-2's key names. The YAML files are written by PyYAML, which
 * quotes every string YAML 1.2 would read otherwise, so the default (1.2 core) schema reads them as
 * fineweb-2-pipeline.py's yaml.safe_load does. Keys the schema does not know are ignored.
 */
export const Fineweb2LanguageConfig = z.object({
  dup_line_frac: z.number(),
  dup_n_grams: z.array(pair),
  top_n_grams: z.array(pair),
  language_score: z.number(),
  line_punct_thr: z.number(),
  max_avg_word_length: z.number(),
  min_avg_word_length: z.number(),
  max_non_alpha_words_ratio: z.number(),
  new_line_ratio: z.number(),
  stopwords: z.array(z.string()),
});
export type Fineweb2LanguageConfig = z.output<typeof Fineweb2LanguageConfig>;

/** The configs folder: the option, else the environment variable; `step` names who asked. */
export function fineweb2ConfigsDir(option: string | undefined, step: string): string {
  const given = option ?? process.env[FINEWEB2_CONFIGS_ENV];
  if (!given) {
    throw new ConfigError(step, `preset "fineweb2" needs FineWeb-2's configs folder: set the \`configs\` option or ${FINEWEB2_CONFIGS_ENV}. ${WHERE_TO_GET}`);
  }
  if (!existsSync(given) || !statSync(given).isDirectory()) {
    throw new ConfigError(step, `FineWeb-2 configs folder ${given} does not exist or is not a folder. ${WHERE_TO_GET}`);
  }
  // a clone of the repository works as well as its configs/ folder
  const inner = join(given, "configs");
  if (!hasYaml(given) && existsSync(inner) && statSync(inner).isDirectory()) return inner;
  if (!hasYaml(inner) && !hasYaml(given)) {
    throw new ConfigError(step, `FineWeb-2 configs folder ${given} holds no {iso3}_{script}.yml files. ${WHERE_TO_GET}`);
  }
  return given;
}

function hasYaml(dir: string): boolean {
  try {
    return readdirSync(dir).some((f) => f.endsWith(".yml"));
  } catch {
    return false;
  }
}

/** The configs of one folder; each language's file read and checked on first use, then kept. */
export class Fineweb2Configs {
  private readonly byName = new Map<string, Fineweb2LanguageConfig | undefined>();

  constructor(readonly dir: string) {}

  /** The config of a FineWeb-2 name (cmn_Hani), or undefined when the folder has none for it. */
  get(name: string): Fineweb2LanguageConfig | undefined {
    if (this.byName.has(name)) return this.byName.get(name);
    const config = this.read(name);
    this.byName.set(name, config);
    return config;
  }

  private read(name: string): Fineweb2LanguageConfig | undefined {
    // names come from documents: only {iso3}_{script} can name a file here
    if (!/^[a-z]{3}_[A-Z][a-z]{3}$/.test(name)) return undefined;
    const file = join(this.dir, `${name}.yml`);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw new ConfigError(file, `cannot read this FineWeb-2 config: ${(error as Error).message}`, [], { cause: error });
    }
    let value: unknown;
    try {
      value = parse(text);
    } catch (error) {
      throw new ConfigError(file, `not valid YAML (${(error as Error).message.split("\n")[0]}). ${WHERE_TO_GET}`, [], { cause: error });
    }
    const result = Fineweb2LanguageConfig.safeParse(value);
    if (!result.success) {
      throw new ConfigError(
        file,
        `not a FineWeb-2 language config: ${z.prettifyError(result.error).replace(/\n/g, "; ")}. ${WHERE_TO_GET}`,
        result.error.issues,
      );
    }
    return result.data;
  }
}

const folders = new Map<string, Fineweb2Configs>();

/** One Fineweb2Configs per folder, shared by the steps of a process. */
export function fineweb2Configs(dir: string): Fineweb2Configs {
  let configs = folders.get(dir);
  if (!configs) {
    configs = new Fineweb2Configs(dir);
    folders.set(dir, configs);
  }
  return configs;
}
