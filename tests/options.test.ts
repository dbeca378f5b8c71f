// recordOf: a "__proto__" key in a per-key option (environment variables, checksums, per-language
// models) is refused with its path, where z.record alone dropped it without a word.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../src/errors.js";
import { HttpOptions } from "../src/io/sources/http.js";
import { parseOptions } from "../src/options.js";
import { SlurmOptions } from "../src/run/cluster/slurm-script.js";

// JSON.parse makes "__proto__" an own key, as a YAML or JSON config file does
const withProto = <T>(json: string) => JSON.parse(json) as T;

describe("per-key options", () => {
  it("refuse a __proto__ environment variable for Slurm tasks, naming the key", () => {
    const env = withProto<Record<string, string>>('{"__proto__": "x", "OMP_NUM_THREADS": "1"}');
    const error = (() => {
      try {
        parseOptions(SlurmOptions, { env }, "slurm");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/__proto__/);
    expect((error as ConfigError).issues[0]!.path).toEqual(["env", "__proto__"]);
  });

  it("keep every ordinary key", () => {
    const parsed = parseOptions(SlurmOptions, { env: { OMP_NUM_THREADS: "1", HF_HOME: "/data/hf" } }, "slurm");
    expect(parsed.env).toEqual({ OMP_NUM_THREADS: "1", HF_HOME: "/data/hf" });
    const http = parseOptions(HttpOptions, { checksums: { "https://x/a.gz": "0".repeat(64) } }, "http");
    expect(http.checksums).toEqual({ "https://x/a.gz": "0".repeat(64) });
  });
});
