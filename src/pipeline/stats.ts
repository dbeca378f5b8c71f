// Per-step counters, named with datatrove's words (`total`, `forwarded`, `dropped`, `dropped_<reason>`)
// so a corpuskit run and a datatrove run compare key by key. One JSON per task; tasks sum with merge().
// Besides counters, what a report needs to show the data and that still sums across tasks in
// bounded memory: histograms over fixed bins (perplexity per language, with the cut-offs marked)
// and a few sample documents per drop reason -- a bottom-k sample by a hash of the id, so merging
// the tasks' samples gives exactly the sample one task would have drawn.

/** How many sample documents a step keeps per key (drop reason), and how much of each text. */
export const SAMPLES_PER_KEY = 5;
export const SAMPLE_CHARS = 600;

/** Counts over fixed bins: counts[i] is [edges[i-1], edges[i]); counts[0] and the last are open-ended. */
export interface HistogramJson {
  edges: number[];
  counts: number[];
  /** Named values to draw on it (CCNet's head and tail cut-offs). */
  marks?: Record<string, number>;
}

export interface SampleJson {
  id: string;
  /** Text, cut at SAMPLE_CHARS characters. */
  text: string;
  /** Chars of the whole text. */
  chars: number;
  /** Bottom-k order: the smallest hashes are kept. */
  hash: number;
}

/** The counters of one step. Plain numbers under string keys, plus the step's own seconds. */
export class Stats {
  readonly name: string;
  seconds = 0;
  readonly counters: Record<string, number> = {};
  readonly histograms: Record<string, HistogramJson> = {};
  readonly samples: Record<string, SampleJson[]> = {};

  constructor(name: string) {
    this.name = name;
  }

  /** Add `n` (default 1) to a counter. */
  add(key: string, n = 1): void {
    this.counters[key] = (this.counters[key] ?? 0) + n;
  }

  get(key: string): number {
    return this.counters[key] ?? 0;
  }

  /** Count `value` in the histogram `name` with these bin edges (ascending; the same on every call). */
  observe(name: string, value: number, edges: readonly number[]): void {
    let h = this.histograms[name];
    if (!h) this.histograms[name] = h = { edges: [...edges], counts: new Array<number>(edges.length + 1).fill(0) };
    // binary search: the first edge above the value
    let lo = 0;
    let hi = h.edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (h.edges[mid]! <= value) lo = mid + 1;
      else hi = mid;
    }
    h.counts[lo]!++;
  }

  /** A named value to draw on histogram `name` (created empty with `edges` if needed). */
  mark(name: string, label: string, value: number, edges: readonly number[]): void {
    let h = this.histograms[name];
    if (!h) this.histograms[name] = h = { edges: [...edges], counts: new Array<number>(edges.length + 1).fill(0) };
    (h.marks ??= {})[label] = value;
  }

  /** Offer a document as a sample of `key` (a drop reason): kept if its id hashes among the k smallest. */
  sample(key: string, doc: { id: string; text: string }): void {
    const hash = fnv1a(doc.id);
    const list = (this.samples[key] ??= []);
    if (list.length >= SAMPLES_PER_KEY && !before(hash, doc.id, list[list.length - 1]!)) return;
    if (list.some((s) => s.id === doc.id)) return;
    insertSample(list, { id: doc.id, text: doc.text.length > SAMPLE_CHARS ? doc.text.slice(0, SAMPLE_CHARS) : doc.text, chars: doc.text.length, hash });
  }

  /** Add another Stats of the same step (another task, another file) into this one. */
  merge(other: Stats | StatsJson): this {
    this.seconds += other.seconds;
    for (const [key, value] of Object.entries(other.counters)) this.add(key, value);
    for (const [name, h] of Object.entries(other.histograms ?? {})) {
      const mine = this.histograms[name];
      if (!mine) {
        this.histograms[name] = { edges: [...h.edges], counts: [...h.counts], ...(h.marks ? { marks: { ...h.marks } } : {}) };
        continue;
      }
      if (mine.edges.length !== h.edges.length || mine.edges.some((e, i) => e !== h.edges[i]))
        throw new Error(`corpuskit: histogram ${this.name}.${name} has other bins in the stats being merged`);
      h.counts.forEach((c, i) => (mine.counts[i]! += c));
      if (h.marks) mine.marks = { ...mine.marks, ...h.marks };
    }
    for (const [key, list] of Object.entries(other.samples ?? {})) {
      const mine = (this.samples[key] ??= []);
      for (const sample of list) {
        if (mine.some((s) => s.id === sample.id)) continue;
        if (mine.length >= SAMPLES_PER_KEY && !before(sample.hash, sample.id, mine[mine.length - 1]!)) continue;
        insertSample(mine, { ...sample });
      }
    }
    return this;
  }

  toJSON(): StatsJson {
    return {
      name: this.name,
      seconds: round(this.seconds),
      counters: sortedCounters(this.counters),
      ...(Object.keys(this.histograms).length > 0 ? { histograms: sortedKeys(this.histograms) } : {}),
      ...(Object.keys(this.samples).length > 0 ? { samples: sortedKeys(this.samples) } : {}),
    };
  }

  static fromJSON(json: StatsJson): Stats {
    return new Stats(json.name).merge(json);
  }
}

export interface StatsJson {
  name: string;
  seconds: number;
  counters: Record<string, number>;
  histograms?: Record<string, HistogramJson>;
  samples?: Record<string, SampleJson[]>;
}

export interface PipelineStatsJson {
  steps: StatsJson[];
  seconds: number;
}

/** The Stats of every step of one run, in pipeline order. */
export class PipelineStats {
  readonly steps: Stats[] = [];
  /** Wall-clock seconds of the whole run. */
  seconds = 0;

  /** A new Stats for a step; a repeated name gets a `#2`, `#3` suffix so no two steps share counters. */
  create(name: string): Stats {
    let unique = name;
    for (let n = 2; this.steps.some((s) => s.name === unique); n++) unique = `${name}#${n}`;
    const stats = new Stats(unique);
    this.steps.push(stats);
    return stats;
  }

  get(name: string): Stats | undefined {
    return this.steps.find((s) => s.name === name);
  }

  /** Sum another run of the same pipeline (another task) into this one, step by step. */
  merge(other: PipelineStats): this {
    for (const step of other.steps) {
      const mine = this.get(step.name);
      if (mine) mine.merge(step);
      else this.steps.push(new Stats(step.name).merge(step));
    }
    this.seconds = Math.max(this.seconds, other.seconds);
    return this;
  }

  toJSON(): PipelineStatsJson {
    return { steps: this.steps.map((s) => s.toJSON()), seconds: round(this.seconds) };
  }

  static fromJSON(json: PipelineStatsJson): PipelineStats {
    const stats = new PipelineStats();
    for (const step of json.steps) stats.steps.push(Stats.fromJSON(step));
    stats.seconds = json.seconds;
    return stats;
  }
}

// --- internal ---

/** FNV-1a, 32 bits: a stable hash of the id, the same in every task and thread. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

function before(hash: number, id: string, other: SampleJson): boolean {
  return hash < other.hash || (hash === other.hash && id < other.id);
}

/** Insert in (hash, id) order and keep the first SAMPLES_PER_KEY. */
function insertSample(list: SampleJson[], sample: SampleJson): void {
  let at = list.length;
  while (at > 0 && before(sample.hash, sample.id, list[at - 1]!)) at--;
  list.splice(at, 0, sample);
  if (list.length > SAMPLES_PER_KEY) list.length = SAMPLES_PER_KEY;
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key]!;
  return out;
}

function round(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}

/** The datatrove counters first, then the rest alphabetically: stable JSON diffs across runs. */
function sortedCounters(counters: Record<string, number>): Record<string, number> {
  const first = ["total", "forwarded", "dropped", "bytes_in", "bytes_out"];
  const keys = Object.keys(counters).sort((a, b) => {
    const ia = first.indexOf(a);
    const ib = first.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const out: Record<string, number> = {};
  for (const key of keys) out[key] = counters[key]!;
  return out;
}
