// One stream into several sinks (the documents into JSON Lines and token files; into the work
// folder and MinHash signatures). Each sink reads its own bounded Channel, so the slowest sink sets
// the pace and memory stays at the channels' capacity.
import { Channel } from "./channel.js";
import { Stats } from "./stats.js";
import { sink, type Sink } from "./step.js";

export function tee<T>(name: string, ...sinks: Sink<unknown, T>[]): Sink<unknown[], T> {
  return sink(name, async (docs, ctx) => {
    const channels = sinks.map(() => new Channel<T>());
    // the first sink counts into the tee's Stats; the others' counters get their name as a prefix
    // ("write_tokens_shards"), so two writers' `shards` do not add up
    const own = sinks.map((s, i) => (i === 0 ? ctx.stats : new Stats(s.stepName)));
    const results = sinks.map((s, i) => s(channels[i]!, { ...ctx, stats: own[i]! }));
    // a sink that fails stops the feed: its error is the one reported
    const failed = Promise.race(results.map((r) => r.then(() => new Promise<never>(() => undefined))));
    try {
      for await (const doc of docs) {
        await Promise.race([Promise.all(channels.map((c) => c.push(doc))), failed]);
      }
      for (const c of channels) c.close();
    } catch (error) {
      for (const c of channels) c.close(error);
      await Promise.allSettled(results);
      throw error;
    }
    const out = await Promise.all(results);
    for (let i = 1; i < own.length; i++) for (const [key, value] of Object.entries(own[i]!.counters)) ctx.stats.add(`${own[i]!.name}_${key}`, value);
    return out;
  });
}
