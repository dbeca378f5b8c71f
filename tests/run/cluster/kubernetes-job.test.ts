// The Kubernetes manifest, parsed back with `yaml`: one Indexed Job per stage running the same
// task command as a Slurm array task, plus merge-stats, with the apply-in-order loop on top.
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import { kubernetesJobs } from "../../../src/run/cluster/kubernetes-job.js";

const plan = {
  output: "/data/out",
  logs: "/data/out/logs",
  tasks: 8,
  stages: [
    { name: "process", tasks: 8 },
    { name: "minhash_buckets", tasks: 8 },
    { name: "minhash_clusters", tasks: 1 },
    { name: "finish", tasks: 8 },
  ],
};

interface Job {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
  spec: {
    completionMode?: string;
    completions: number;
    parallelism: number;
    backoffLimitPerIndex?: number;
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        restartPolicy: string;
        containers: {
          image: string;
          command: string[];
          args: string[];
          env?: { name: string; value: string }[];
          resources: { requests: Record<string, string>; limits?: Record<string, string> };
          volumeMounts?: { name: string; mountPath: string }[];
        }[];
        volumes?: { name: string; persistentVolumeClaim: { claimName: string } }[];
      };
    };
  };
}

function parse(text: string): Job[] {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) throw new Error("not a YAML stream");
  for (const doc of docs) expect(doc.errors).toEqual([]);
  return docs.map((doc) => doc.toJS() as Job);
}

describe("kubernetesJobs", () => {
  it("writes one Indexed Job per stage whose pods run the task of their completion index", () => {
    const jobs = parse(kubernetesJobs(plan, "/data/fineweb.yaml", { image: "ghcr.io/acme/corpuskit:1", parallelism: 4 }));
    expect(jobs.map((j) => j.metadata.name)).toEqual([
      "corpuskit-process",
      "corpuskit-minhash-buckets",
      "corpuskit-minhash-clusters",
      "corpuskit-finish",
      "corpuskit-merge-stats",
    ]);
    for (const job of jobs) {
      expect([job.apiVersion, job.kind]).toEqual(["batch/v1", "Job"]);
      expect(job.spec.template.spec.restartPolicy).toBe("Never");
      expect(job.spec.template.metadata.labels).toEqual(job.metadata.labels);
    }
    const [process_, , clusters] = jobs;
    expect(process_!.spec).toMatchObject({ completionMode: "Indexed", completions: 8, parallelism: 4, backoffLimitPerIndex: 1 });
    expect(process_!.metadata.labels["corpuskit/stage"]).toBe("process");
    const container = process_!.spec.template.spec.containers[0]!;
    expect(container.image).toBe("ghcr.io/acme/corpuskit:1");
    expect(container.command).toEqual(["corpuskit"]);
    expect(container.args).toEqual([
      "run",
      "/data/fineweb.yaml",
      "--stage",
      "process",
      "--rank",
      "$(JOB_COMPLETION_INDEX)",
      "--world-size",
      "8",
      "--workers",
      "1",
    ]);
    // one task, but the run's world size: the task plans the same run as the others
    expect(clusters!.spec).toMatchObject({ completions: 1, parallelism: 1 });
    expect(clusters!.spec.template.spec.containers[0]!.args).toContain("8");
    expect(jobs[4]!.spec.template.spec.containers[0]!.args).toEqual(["merge-stats", "/data/out/logs"]);
  });

  it("says in a comment that the stages must be applied in order, with the loop to do it", () => {
    const text = kubernetesJobs(plan, "/data/fineweb.yaml", { image: "img", namespace: "corpora" });
    const header = text.slice(0, text.indexOf("apiVersion"));
    expect(
      header
        .split("\n")
        .filter(Boolean)
        .every((line) => line.startsWith("#")),
    ).toBe(true);
    expect(header).toContain("no afterok");
    expect(header).toContain("for stage in process minhash_buckets minhash_clusters finish merge_stats; do");
    expect(header).toContain("kubectl apply -n corpora -f jobs.yaml -l corpuskit/stage=$stage");
    expect(header).toContain("kubectl wait -n corpora --for=condition=complete");
    expect(parse(text).every((job) => job.metadata.namespace === "corpora")).toBe(true);
  });

  it("mounts the shared volume, sets resources, environment, command and output in every pod", () => {
    const jobs = parse(
      kubernetesJobs(plan, "/data/c.yaml", {
        image: "img",
        cpu: "4",
        memory: "8Gi",
        volume: { claim: "corpora", mountPath: "/data" },
        env: { HF_HOME: "/data/hf" },
        command: ["node", "/app/dist/cli/bin.js"],
        output: "/data/run2",
        backoffLimitPerIndex: 3,
      }),
    );
    for (const job of jobs) {
      const pod = job.spec.template.spec;
      expect(pod.volumes).toEqual([{ name: "data", persistentVolumeClaim: { claimName: "corpora" } }]);
      const c = pod.containers[0]!;
      expect(c.volumeMounts).toEqual([{ name: "data", mountPath: "/data" }]);
      expect(c.resources).toEqual({ requests: { cpu: "4", memory: "8Gi" }, limits: { memory: "8Gi" } });
      expect(c.env).toEqual([{ name: "HF_HOME", value: "/data/hf" }]);
      expect(c.command).toEqual(["node", "/app/dist/cli/bin.js"]);
    }
    expect(jobs[0]!.spec.backoffLimitPerIndex).toBe(3);
    expect(jobs[0]!.spec.template.spec.containers[0]!.args).toEqual(expect.arrayContaining(["--output", "/data/run2", "--workers", "4"]));
  });

  it("writes plain YAML, without anchors and aliases for the repeated labels", () => {
    expect(kubernetesJobs(plan, "/c.yaml", { image: "img" })).not.toMatch(/[&*]a\d/);
  });

  it("gives a fraction of a CPU one worker", () => {
    const jobs = parse(kubernetesJobs(plan, "/c.yaml", { image: "img", cpu: "500m" }));
    const args = jobs[0]!.spec.template.spec.containers[0]!.args;
    expect(args[args.indexOf("--workers") + 1]).toBe("1");
  });

  it("refuses a Job name Kubernetes would refuse, and a missing image", () => {
    expect(() => kubernetesJobs(plan, "/c.yaml", { image: "img", name: "My_Run" })).toThrow(ConfigError);
    expect(() => kubernetesJobs(plan, "/c.yaml", {} as never)).toThrow(/image/);
  });
});
