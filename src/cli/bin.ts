#!/usr/bin/env node
// The executable behind `corpuskit`: everything else lives in main.ts, which tests import directly.
import { main } from "./main.js";

main(process.argv).then((code) => {
  process.exitCode = code;
});
