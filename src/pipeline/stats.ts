// Per-step counters, named with datatrove's words (`total`, `forwarded`, `dropped`, `dropped_<reason>`)
// so a corpuskit run and a datatrove run compare key by key. One JSON per task; tasks sum with merge().

/** The counters of one step. Plain numbers under string keys, plus the step's own seconds. */
export class Stats {
  readonly name: string;
  seconds = 0;
  readonly counters: Record<string, number> = {};

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

  /** Add another Stats of the same step (another task, another file) into this one. */
  merge(other: Stats): this {
    this.seconds += other.seconds;
    for (const [key, value] of Object.entries(other.counters)) this.add(key, value);
    return this;
  }

  toJSON(): StatsJson {
    return { name: this.name, seconds: round(this.seconds), counters: sortedCounters(this.counters) };
  }

  static fromJSON(json: StatsJson): Stats {
    const stats = new Stats(json.name);
    stats.seconds = json.seconds;
    for (const [key, value] of Object.entries(json.counters)) stats.add(key, value);
    return stats;
  }
}

export interface StatsJson {
  name: string;
  seconds: number;
  counters: Record<string, number>;
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
