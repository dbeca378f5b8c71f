// The n-gram language model: training (modified Kneser-Ney, as KenLM's lmplz), ARPA reading and
// writing, and scoring (as KenLM's query).
export type { ArpaData, ArpaOrder } from "./arpa-data.js";
export { ngramCount } from "./arpa-data.js";
export { readArpa, parseArpa } from "./arpa-read.js";
export { writeArpa, arpaText } from "./arpa-write.js";
export { NGramModel, loadArpa, type TokenScore } from "./model.js";
export { trainKneserNey, TrainOptions, type TrainInput, type TrainResult, type TrainStatistics } from "./train.js";
export { lmplzTokens } from "./vocabulary.js";
