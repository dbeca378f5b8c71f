// What a finished run says when its result will surprise: nothing (or almost nothing) kept, or a
// language dropped by rules that were written for English. One `note:` line each, on stderr.
import type { Doc } from "../doc.js";
import type { PipelineStatsJson } from "../pipeline/stats.js";
import type { Sink, Step, StepContext } from "../pipeline/step.js";

/** Below this share of the documents read, a run ends with a note saying where they went. */
const FEW_KEPT = 0.01;

/**
 * A note when a run kept under 1% of what it read: the step that dropped the most, with its top
 * reasons, and the next one if it dropped any. Undefined when the run kept enough or read nothing.
 */
export function fewKeptNote(stats: PipelineStatsJson): string | undefined {
  const first = stats.steps[0]?.counters;
  const last = stats.steps.at(-1)?.counters;
  const read = first?.forwarded ?? first?.total ?? 0;
  if (read === 0 || !last) return undefined;
  const kept = last.total ?? 0;
  if (kept >= read * FEW_KEPT) return undefined;
  const droppers = stats.steps
    .filter((s) => (s.counters.dropped ?? 0) > 0)
    .sort((a, b) => b.counters.dropped! - a.counters.dropped!)
    .slice(0, 2)
    .map((s) => {
      const reasons = Object.entries(s.counters)
        .filter(([k]) => k.startsWith("dropped_"))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 2)
        .map(([k, v]) => `${k.slice("dropped_".length)} ${v.toLocaleString("en-US")}`);
      return `${s.name} dropped ${s.counters.dropped!.toLocaleString("en-US")}${reasons.length > 0 ? ` (${reasons.join(", ")})` : ""}`;
    });
  const where = droppers.length > 0 ? `; ${droppers.join(", then ")}` : "";
  return `kept ${kept.toLocaleString("en-US")} of ${read.toLocaleString("en-US")} documents${where}`;
}

/**
 * Rules that fit English only: Gopher's mean word length and its English stop words (Rae et al.
 * 2021, written for English; datatrove GopherQualityFilter applies them to every language).
 */
export const ENGLISH_ONLY_REASONS: ReadonlySet<string> = new Set(["gopher_below_avg_threshold", "gopher_above_avg_threshold", "gopher_enough_stop_words"]);

/** Per language: documents a step saw, and how many it dropped by an English-only rule. */
export class LanguageTally {
  readonly seen = new Map<string, number>();
  readonly englishOnly = new Map<string, number>();

  /** The step, counting what enters it by meta.language (its Stats name unchanged). */
  around<S extends Step>(inner: S): S {
    const seen = this.seen;
    const wrapped = (docs: AsyncIterable<Doc>, ctx: StepContext) =>
      inner(
        (async function* () {
          for await (const doc of docs) {
            const language = languageOf(doc);
            seen.set(language, (seen.get(language) ?? 0) + 1);
            yield doc;
          }
        })(),
        ctx,
      );
    return Object.assign(wrapped, { stepName: inner.stepName }) as unknown as S;
  }

  /** The rejected sink, counting the documents dropped by an English-only rule by meta.language. */
  rejected(sink: Sink<unknown>): Sink<unknown> {
    const counts = this.englishOnly;
    const wrapped = (docs: AsyncIterable<Doc>, ctx: StepContext) =>
      sink(
        (async function* () {
          for await (const doc of docs) {
            if (ENGLISH_ONLY_REASONS.has(String(doc.meta.filter_reason))) {
              const language = languageOf(doc);
              counts.set(language, (counts.get(language) ?? 0) + 1);
            }
            yield doc;
          }
        })(),
        ctx,
      );
    return Object.assign(wrapped, { stepName: sink.stepName, isSink: true as const });
  }

  /** A note per language other than English of which English-only rules dropped most documents. */
  notes(step: string, flag: string): string[] {
    const out: string[] = [];
    for (const [language, seen] of this.seen) {
      const dropped = this.englishOnly.get(language) ?? 0;
      if (language === "en" || language === "unknown" || dropped * 2 <= seen) continue;
      out.push(
        `${step} dropped ${dropped} of ${seen} "${language}" documents by rules written for English (mean word length, English stop words); ${flag} skips them for other languages`,
      );
    }
    return out;
  }
}

function languageOf(doc: Doc): string {
  const language = doc.meta.language;
  return typeof language === "string" && language.length > 0 ? language : "unknown";
}
