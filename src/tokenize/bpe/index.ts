// Byte-level BPE training: trainBpe() learns a tokenizer from a corpus and gives its Hugging Face
// tokenizer.json; writeTokenizerJson() writes it; BpeEncoder encodes with it (for checking).
export { trainBpe, TrainBpeOptions, type TrainBpeInput, type BpeTrainingText } from "./train.js";
export { writeTokenizerJson, tokenizerJsonText, type TokenizerJson } from "./tokenizer-json.js";
export { BpeEncoder } from "./encode.js";
export { PRETOKENIZERS, SPLIT_PATTERN, type PretokenizerName } from "./pretokenize.js";
