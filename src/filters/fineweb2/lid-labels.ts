// fastText lid.176's labels (Joulin et al. 2016: ISO 639-1 where one exists, else 639-3 or a
// Wikipedia code) as FineWeb-2's config names ({ISO 639-3}_{ISO 15924 script}, GlotLID's labels).
// The table (lid-labels.json) was decided label by label from ISO 639 and from which configs
// huggingface/fineweb-2 publishes:
// - a macrolanguage goes to the individual language FineWeb-2 has a config for, which is the one
//   the label's Wikipedia is written in: zh -> cmn_Hani, ar -> arb_Arab, ms -> zsm_Latn,
//   sw -> swh_Latn, et -> ekk_Latn, lv -> lvs_Latn, uz -> uzn_Latn, az -> azj_Latn, mn -> khk_Cyrl,
//   ne -> npi_Deva, sq -> als_Latn, ps -> pbt_Arab, yi -> ydd_Hebr, mg -> plt_Latn, kv -> kpv_Cyrl,
//   ku -> kmr_Latn, gn -> gug_Latn, no -> nob_Latn, or -> ory_Orya; fa stays fas_Arab and tl is
//   fil_Latn because those are the names FineWeb-2 uses;
// - lid.176's Wikipedia codes: als (Alemannic Wikipedia) -> gsw_Latn, bh (Bhojpuri Wikipedia) ->
//   bho_Deva, eml and nah keep their retired codes as FineWeb-2 does (eml_Latn, nah_Latn);
// - one script per label, the one its Wikipedia uses (sr -> srp_Cyrl, uz -> uzn_Latn, az -> azj_Latn);
// - null where no single FineWeb-2 language fits: sh (Serbo-Croatian: hrv, srp or bos) and qu
//   (Quechua, a macrolanguage of some 40 languages with ten configs and no dominant one).
// en maps to eng_Latn, which has no config: FineWeb-2 covers languages other than English.
import table from "./lid-labels.json" with { type: "json" };

const LABELS: Readonly<Record<string, string | null>> = table;

/** FineWeb-2 names look like GlotLID's labels: ISO 639-3, underscore, ISO 15924 script. */
const FINEWEB2_NAME_RE = /^[a-z]{3}_[A-Z][a-z]{3}$/;

/**
 * The FineWeb-2 config name of a document language: a FineWeb-2 (GlotLID) name as it is, a
 * lid.176 label through the table; undefined when the label has no single FineWeb-2 language or
 * is unknown.
 */
export function fineweb2Name(language: string): string | undefined {
  if (FINEWEB2_NAME_RE.test(language)) return language;
  const label = language.startsWith("__label__") ? language.slice("__label__".length) : language;
  return Object.hasOwn(LABELS, label) ? (LABELS[label] ?? undefined) : undefined;
}

const BY_NAME = new Map<string, string>();
for (const [label, name] of Object.entries(LABELS)) if (name !== null && !BY_NAME.has(name)) BY_NAME.set(name, label);

/**
 * The lid.176 label of a FineWeb-2 name (jpn_Jpan -> ja), for choosing a word tokenizer, which
 * knows languages by lid.176's labels; undefined for names lid.176 does not have.
 */
export function lidLabelOf(name: string): string | undefined {
  return BY_NAME.get(name);
}

/** Every label of the table, for tests and docs. */
export function lidLabels(): readonly string[] {
  return Object.keys(LABELS);
}
