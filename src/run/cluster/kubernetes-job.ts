// A run as Kubernetes Indexed Jobs: one Job per stage whose pod with index i runs
// `corpuskit run CONFIG --stage S --rank i --world-size N`. Kubernetes sets JOB_COMPLETION_INDEX in
// every pod of an Indexed Job and replaces a failed pod by one with the same index, which is the
// rank/world-size contract the Slurm arrays use (docs/clusters.md).
//
// Kubernetes has no `afterok` between Jobs, so the manifest cannot chain the stages itself: its
// header holds the shell loop that applies them in order, waiting for each to complete.
import { stringify } from "yaml";
import { z } from "zod";
import { parseOptions, recordOf } from "../../options.js";
import type { StagedRun } from "./slurm-script.js";
import { isS3 } from "../../io/storage.js";

// Job names are DNS labels (RFC 1123): lowercase letters, digits and '-', at most 63 characters.
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const KubernetesOptions = z
  .object({
    image: z.string().min(1).describe("container image with corpuskit installed (its command on PATH, see `command`)"),
    namespace: z.string().regex(dnsLabel).optional().describe("metadata.namespace of every Job (default: kubectl's current one)"),
    name: z.string().regex(dnsLabel).max(40).default("corpuskit").describe("Job name prefix: <name>-<stage>"),
    parallelism: z.number().int().positive().optional().describe("pods of a stage running at once (default: all its tasks)"),
    cpu: z
      .string()
      .regex(/^\d+(\.\d+)?m?$/)
      .default("1")
      .describe('CPU request per task ("2", "500m"); whole CPUs also set --workers'),
    memory: z.string().min(1).optional().describe('memory request and limit per task, e.g. "4Gi"'),
    backoffLimitPerIndex: z.number().int().min(0).default(1).describe("retries of one failed index before it counts as failed"),
    volume: z
      .object({ claim: z.string().min(1).describe("PersistentVolumeClaim holding the config, inputs and output"), mountPath: z.string().startsWith("/") })
      .strict()
      .optional()
      .describe("shared storage: every task of every stage reads and writes the same folders"),
    env: recordOf(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string())
      .default({})
      .describe("environment variables of every pod"),
    command: z.array(z.string().min(1)).min(1).default(["corpuskit"]).describe("how the container calls corpuskit"),
    workingDir: z.string().startsWith("/").optional().describe("the container's working directory, where relative paths in the config resolve"),
    output: z.string().min(1).optional().describe("the --output every task gets, when the run's output was overridden"),
    secret: z
      .string()
      .regex(dnsLabel)
      .optional()
      .describe(
        "Secret whose keys become every pod's environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL, AWS_REGION...): with s3:// input, output and config the pods need no volume",
      ),
  })
  .strict();
export type KubernetesOptionsInput = z.input<typeof KubernetesOptions>;

/**
 * The YAML of one Indexed Job per stage plus a merge-stats Job, with the apply-in-order loop as a
 * comment on top. Paths are used as given: they are paths inside the container.
 */
export function kubernetesJobs(plan: StagedRun, configPath: string, options: KubernetesOptionsInput): string {
  const o = parseOptions(KubernetesOptions, options, "kubernetes options");
  const workers = Math.max(1, Math.floor(o.cpu.endsWith("m") ? Number(o.cpu.slice(0, -1)) / 1000 : Number(o.cpu)));
  const jobName = (stage: string) => `${o.name}-${stage.replace(/_/g, "-")}`;
  const overrides = o.output ? ["--output", o.output] : [];
  const jobs = plan.stages.map((stage) =>
    job(o, jobName(stage.name), stage.name, {
      completionMode: "Indexed",
      completions: stage.tasks,
      parallelism: Math.min(stage.tasks, o.parallelism ?? stage.tasks),
      backoffLimitPerIndex: o.backoffLimitPerIndex,
      // $(VAR) in args is expanded by Kubernetes from the container's environment
      args: [
        "run",
        configPath,
        "--stage",
        stage.name,
        "--rank",
        "$(JOB_COMPLETION_INDEX)",
        "--world-size",
        String(plan.tasks),
        ...overrides,
        "--workers",
        String(workers),
      ],
    }),
  );
  const merge = job(o, jobName("merge-stats"), "merge_stats", {
    completions: 1,
    parallelism: 1,
    backoffLimit: o.backoffLimitPerIndex,
    args: ["merge-stats", plan.logs],
  });
  const order = [...plan.stages.map((s) => s.name), "merge_stats"];
  const ns = o.namespace ? ` -n ${o.namespace}` : "";
  const header = [
    `# corpuskit run of ${configPath}: ${plan.stages.map((s) => `${s.name} (${s.tasks} task${s.tasks === 1 ? "" : "s"})`).join(", ")}, then merge-stats.`,
    "# Kubernetes Jobs cannot wait for one another (no afterok), so do not apply this file at once:",
    "# apply the stages in order, each after the one before has completed. Saved as jobs.yaml:",
    "#",
    `#   for stage in ${order.join(" ")}; do`,
    `#     kubectl apply${ns} -f jobs.yaml -l corpuskit/stage=$stage &&`,
    `#     kubectl wait${ns} --for=condition=complete --timeout=24h job/${o.name}-\${stage//_/-} || break`,
    "#   done",
    "#",
    "# A Job that fails never turns complete: the wait ends at its timeout, and `kubectl get pods -l",
    "# corpuskit/stage=STAGE` shows the failed index. Tasks that finished keep a completion marker, so",
    "# deleting the Job and applying it again reruns only the others.",
    ...(isS3(plan.output)
      ? [
          "#",
          `# The output is on S3 (${plan.output}): the stages exchange their files and markers through the bucket,`,
          `# so no pod mounts a shared volume${o.secret ? `; credentials and endpoint come from the Secret ${o.secret}` : "; credentials come from the pods' environment (an IAM role, or --secret)"}.`,
        ]
      : []),
  ];
  return `${header.join("\n")}\n${[...jobs, merge].map((doc) => stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n")}`;
}

interface JobShape {
  completionMode?: "Indexed";
  completions: number;
  parallelism: number;
  backoffLimitPerIndex?: number;
  backoffLimit?: number;
  args: string[];
}

function job(o: z.output<typeof KubernetesOptions>, name: string, stage: string, shape: JobShape): Record<string, unknown> {
  const labels = { "app.kubernetes.io/name": "corpuskit", "corpuskit/stage": stage };
  const { args, ...spec } = shape;
  const container = {
    name: "task",
    image: o.image,
    command: o.command,
    args,
    ...(o.workingDir ? { workingDir: o.workingDir } : {}),
    ...(Object.keys(o.env).length > 0 ? { env: Object.entries(o.env).map(([key, value]) => ({ name: key, value })) } : {}),
    ...(o.secret ? { envFrom: [{ secretRef: { name: o.secret } }] } : {}),
    resources: {
      requests: { cpu: o.cpu, ...(o.memory ? { memory: o.memory } : {}) },
      // no CPU limit: throttling would only slow a task down; memory is limited so one task cannot starve the node
      ...(o.memory ? { limits: { memory: o.memory } } : {}),
    },
    ...(o.volume ? { volumeMounts: [{ name: "data", mountPath: o.volume.mountPath }] } : {}),
  };
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, ...(o.namespace ? { namespace: o.namespace } : {}), labels },
    spec: {
      ...spec,
      template: {
        metadata: { labels },
        spec: {
          // Indexed Jobs with backoffLimitPerIndex need Never; a failed pod is replaced, same index
          restartPolicy: "Never",
          containers: [container],
          ...(o.volume ? { volumes: [{ name: "data", persistentVolumeClaim: { claimName: o.volume.claim } }] } : {}),
        },
      },
    },
  };
}
