// Which task this process is, from the scheduler that started it: one contract for every executor
// (docs/clusters.md), as datatrove's `rank`/`world_size`. Slurm array tasks have SLURM_ARRAY_TASK_ID
// and SLURM_ARRAY_TASK_COUNT (plus our CORPUSKIT_RANK_OFFSET when an array was split at Slurm's
// MaxArraySize, as datatrove's RUN_OFFSET); Kubernetes Indexed Jobs set JOB_COMPLETION_INDEX and
// leave the world size to the caller (it is the Job's `completions`).
import { ConfigError } from "../errors.js";

export interface TaskIdentity {
  rank?: number;
  worldSize?: number;
  /** Where the rank came from, for messages. */
  from?: "flag" | "slurm" | "kubernetes";
}

export function taskFromEnvironment(env: NodeJS.ProcessEnv = process.env): TaskIdentity {
  const slurm = env.SLURM_ARRAY_TASK_ID;
  if (slurm !== undefined && slurm !== "") {
    const offset = env.CORPUSKIT_RANK_OFFSET ? whole(env.CORPUSKIT_RANK_OFFSET, "CORPUSKIT_RANK_OFFSET") : 0;
    const count = env.SLURM_ARRAY_TASK_COUNT ? whole(env.SLURM_ARRAY_TASK_COUNT, "SLURM_ARRAY_TASK_COUNT") : undefined;
    return {
      rank: whole(slurm, "SLURM_ARRAY_TASK_ID") + offset,
      ...(count !== undefined && !env.CORPUSKIT_RANK_OFFSET ? { worldSize: count } : {}),
      from: "slurm",
    };
  }
  const k8s = env.JOB_COMPLETION_INDEX;
  if (k8s !== undefined && k8s !== "") return { rank: whole(k8s, "JOB_COMPLETION_INDEX"), from: "kubernetes" };
  return {};
}

/** Flags first, then the environment; the world size is checked against the rank. */
export function resolveTask(flags: { rank?: number | undefined; worldSize?: number | undefined }, env: NodeJS.ProcessEnv = process.env): TaskIdentity {
  const fromEnv = flags.rank === undefined ? taskFromEnvironment(env) : {};
  const rank = flags.rank ?? fromEnv.rank;
  const worldSize = flags.worldSize ?? fromEnv.worldSize;
  if (rank !== undefined && worldSize !== undefined && rank >= worldSize) {
    throw new ConfigError("--rank", `rank ${rank} is not below the world size ${worldSize}`);
  }
  return {
    ...(rank !== undefined ? { rank } : {}),
    ...(worldSize !== undefined ? { worldSize } : {}),
    ...(flags.rank !== undefined ? { from: "flag" as const } : fromEnv.from ? { from: fromEnv.from } : {}),
  };
}

function whole(value: string, name: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new ConfigError(name, `expected a whole number, got ${JSON.stringify(value)}`);
  return n;
}
