// The public API of corpuskit: every exported name, nothing else.

// documents and errors
export { makeDoc, type Doc, type DocMeta } from "./doc.js";
export {
  CorpuskitError,
  InputError,
  OutputError,
  NetworkError,
  ConfigError,
  UnknownDatasetError,
  MissingDependencyError,
  type InputLocation,
} from "./errors.js";

// the pipeline engine
export { pipe, pipeWith, type Pipeline, type PipeOptions, type PipeResult } from "./pipeline/pipe.js";
export {
  step,
  sink,
  standaloneContext,
  type CompositeStep,
  type Step,
  type Transform,
  type Sink,
  type Source,
  type DocSource,
  type StepContext,
} from "./pipeline/step.js";
export { Stats, PipelineStats, type StatsJson, type PipelineStatsJson } from "./pipeline/stats.js";
export { filter, type Verdict, type FilterOptions } from "./pipeline/filter.js";
export { annotate } from "./pipeline/annotate.js";
export { formatStatsTable } from "./pipeline/stats-table.js";

// reading and writing
export { read, formatOf, ReadOptions, FORMATS, type Format, type ReadOptionsInput } from "./io/read.js";
export { readJsonl, JsonlOptions, type JsonlOptionsInput } from "./io/formats/jsonl.js";
export { readCsv, CsvOptions, type CsvOptionsInput } from "./io/formats/csv.js";
export { readParquet, ParquetOptions, type ParquetOptionsInput } from "./io/formats/parquet.js";
export { readText, TextOptions, type TextOptionsInput } from "./io/formats/text.js";
export { readWarc, WarcOptions, type WarcOptionsInput } from "./io/formats/warc.js";
export { ReaderOptions, type ReaderOptionsInput } from "./io/reader-options.js";
export { TextAssembly, assembleRecord, type TextAssemblyInput } from "./io/text-assembly.js";
export { detectEncoding } from "./io/decode/charset.js";
export { writeJsonl, WriteJsonlOptions, type WriteJsonlOptionsInput, type WriteSummary, type ShardSummary } from "./io/write-jsonl.js";

// the catalog
export {
  DatasetSchema,
  STAGES,
  DOMAINS,
  datasets,
  getDataset,
  findDatasets,
  FindQuery,
  expandTemplate,
  catalogTable,
  exportCatalog,
  EXPORT_FORMATS,
  type Dataset,
  type DatasetInput,
  type DatasetId,
  type Stage,
  type Domain,
  type FindQueryInput,
  type ExportFormat,
} from "./catalog/index.js";
export { openDataset, resolveFiles, OpenDatasetOptions, type OpenDatasetOptionsInput } from "./catalog/open.js";
export { listFiles, type ListedFiles } from "./catalog/open.js";
export { openability } from "./catalog/openability.js";
export { HttpOptions, type HttpOptionsInput } from "./io/sources/http.js";

// text
export { ccnetNormalize, normalizeForDedup, simplifyText, cleanText, type CcnetNormalizeOptions, type SimplifyOptions } from "./text/normalize.js";
export { TERMINAL_PUNCTUATION } from "./text/punctuation.js";
export { normalize, normalizeStep, NormalizeOptions, type NormalizeInput } from "./clean/normalize.js";

// cleaning: repair, scripts, personal data, benchmark contamination (src/clean)
export { fixText, fixTextStep, FixTextOptions, repairText, type FixTextInput, type FixTextChanges } from "./clean/fix-text.js";
export {
  chineseConvert,
  chineseConvertStep,
  ChineseConvertOptions,
  OPENCC_MODES,
  openccConverter,
  type ChineseConvertInput,
  type OpenccMode,
} from "./clean/chinese-convert.js";
export { gutenbergStrip, gutenbergStripStep, GutenbergStripOptions, type GutenbergStripInput } from "./clean/gutenberg-strip.js";
export { stripGutenberg, type GutenbergParts } from "./text/gutenberg-boilerplate.js";
export { pii, piiStep, PiiOptions, findPii, redactSpans, type PiiInput, type PiiSpan, type PiiKind } from "./clean/pii.js";
export {
  decontaminate,
  decontaminateStep,
  DecontaminateOptions,
  DecontIndexOptions,
  buildDecontIndex,
  buildDecontIndexInMemory,
  findContamination,
  type DecontaminateInput,
  type DecontIndexOptionsInput,
  type DecontIndexSummary,
  type Contamination,
} from "./clean/decontaminate.js";
export { DecontIndex } from "./clean/ngram-index.js";

// web pages (src/extract)
export { urlFilter, urlFilterStep, UrlFilterOptions, normalizeUrlWord, type UrlFilterInput } from "./extract/url-filter.js";
export { extract, extractStep, extractText, ExtractOptions, type ExtractInput, type ExtractedPage } from "./extract/extract.js";
export { splitWords, countWords, isUnspaced } from "./text/words.js";

// filters
export { gopherQuality, gopherQualityStep, GopherQualityOptions, GOPHER_STOP_WORDS, type GopherQualityInput } from "./filters/gopher-quality.js";
export { gopherRepetition, gopherRepetitionStep, GopherRepetitionOptions, type GopherRepetitionInput } from "./filters/gopher-repetition.js";
export { c4Quality, c4QualityStep, C4QualityOptions, type C4QualityInput } from "./filters/c4-quality.js";
export { c4BadWords, c4BadWordsStep, C4BadWordsOptions, type C4BadWordsInput } from "./filters/c4-badwords.js";
export { finewebQuality, finewebQualityStep, FinewebQualityOptions, type FinewebQualityInput } from "./filters/fineweb-quality.js";
export {
  languageFilter,
  languageStep,
  loadLanguageModel,
  LanguageFilterOptions,
  type LanguageFilterInput,
  type LanguagePrediction,
  type LanguageModel,
} from "./filters/language.js";
export { FastTextClassifier, type LabelScore, type PredictOptions } from "./langid/predict.js";
export { loadFastTextModel, lid176Path } from "./langid/load.js";
export { fineweb2Filters, type Fineweb2FiltersOptions } from "./filters/fineweb2/filters.js";
export { Fineweb2Configs, fineweb2Configs, fineweb2ConfigsDir, FINEWEB2_CONFIGS_ENV, Fineweb2LanguageConfig } from "./filters/fineweb2/configs.js";
export { fineweb2Name, lidLabelOf } from "./filters/fineweb2/lid-labels.js";

// running by name
// --- perplexity: n-gram language models (src/lm) and CCNet scoring (src/score) ---
export {
  trainKneserNey,
  TrainOptions,
  loadArpa,
  readArpa,
  parseArpa,
  writeArpa,
  arpaText,
  NGramModel,
  ngramCount,
  lmplzTokens,
  type ArpaData,
  type ArpaOrder,
  type TrainInput,
  type TrainResult,
  type TrainStatistics,
  type TokenScore,
} from "./lm/index.js";
export { perplexity, perplexityStep, PerplexityOptions, scoreDocument, type PerplexityInput } from "./score/perplexity.js";
export { bucketOf, computePercentiles, loadCutoffs, CutoffTable, type Bucket } from "./score/cutoffs.js";
export { sampleCutoffs, type SampleCutoffsOptions } from "./score/sample-cutoffs.js";
export { lmTokenizer, LmTokenizerOption, type LmTokenize } from "./score/lm-tokenizer.js";
export { BUNDLED_LANGUAGES, bundledModelPath, bundledCutoffs } from "./score/bundled.js";
export type { ScoringModel } from "./score/scoring-model.js";

// --- deduplication (src/dedup) ---
export { exactDedup, exactDedupStep, ExactDedupOptions, type ExactDedupInput } from "./dedup/exact-dedup.js";
export { lineDedup, lineDedupStep, LineDedupOptions, type LineDedupInput } from "./dedup/lines/line-dedup.js";
export { collectLineHashes, CollectLineHashesOptions, type CollectLineHashesInput, type LineHashSet } from "./dedup/lines/line-hashes.js";
export { saveLineHashes, loadLineHashes } from "./dedup/lines/line-hash-file.js";
export { minhashDedup, minhashDedupStep, MinhashDedupOptions, type MinhashDedupInput } from "./dedup/minhash/minhash-dedup.js";
export { rehydrate, rehydrateStep, RehydrateOptions, rehydrationWeight, FINEWEB2_REHYDRATION, type RehydrateInput } from "./dedup/rehydrate.js";
export { MinhashConfig, type MinhashConfigInput, type MinhashSettings } from "./dedup/minhash/minhash-config.js";
export { MinHasher, estimateJaccard } from "./dedup/minhash/minhasher.js";
export {
  minhashSignatures,
  MinhashSignaturesOptions,
  readTaskRecords,
  type MinhashSignaturesInput,
  type TaskRecord,
} from "./dedup/minhash/minhash-signatures.js";
export { minhashBuckets, MinhashBucketsOptions, type MinhashBucketsInput, type BucketsSummary } from "./dedup/minhash/minhash-buckets.js";
export { minhashClusters, MinhashClustersOptions, type MinhashClustersInput, type ClustersSummary } from "./dedup/minhash/minhash-clusters.js";
export { minhashFilter, MinhashFilterOptions, type MinhashFilterInput } from "./dedup/minhash/minhash-filter.js";
export { exactKeys, exactMerge, exactFilter, type ExactKeysSummary, type ExactMergeSummary } from "./dedup/exact-stages.js";
export { lineKeys, lineMerge, lineFilter } from "./dedup/lines/line-stages.js";

// --- tokenization (src/tokenize) ---
export { tokenize, tokenizeStep, TokenizeOptions, type TokenizeInput } from "./tokenize/tokenize-step.js";
export { loadTokenizer, TIKTOKEN_ENCODINGS, type TextTokenizer, type TiktokenEncoding } from "./tokenize/text-tokenizer.js";
export { isTokenized, type TokenizedDoc } from "./tokenize/tokenized-doc.js";
export { writeTokens, WriteTokensOptions, type WriteTokensInput, type WriteTokensSummary } from "./tokenize/write-tokens.js";
export type { TokenDtype } from "./tokenize/token-dtype.js";
export {
  trainBpe,
  TrainBpeOptions,
  writeTokenizerJson,
  tokenizerJsonText,
  BpeEncoder,
  type TrainBpeInput,
  type BpeTrainingText,
  type TokenizerJson,
} from "./tokenize/bpe/index.js";

export { STEPS, STEP_NAMES, STEP_DESCRIPTORS, createStep, acceptsRejected, stepDescriptor, type StepName } from "./run/steps.js";
export { defineStep, type StepDescriptor } from "./pipeline/step-descriptor.js";
export { sinkSchema } from "./pipeline/sink-schema.js";
export { loadPipelineConfig, PipelineConfig, type PipelineConfigInput, type PipelineConfigOutput } from "./run/config.js";
export { runPipeline, type RunOptions, type RunResult, type RunSummary, type TaskOutcome } from "./run/run-pipeline.js";
export { planRun, type RunPlan, type StagePlan, type StageName, type Barrier, type Segment } from "./run/run-plan.js";
export { runTask } from "./run/run-task.js";
export { mergeTaskStats, incompleteRanks } from "./run/task-log.js";
export { parallelSteps, WorkerPool, WorkerPoolOptions, defaultWorkers, type StepSpec } from "./run/worker-pool.js";
export { tee } from "./pipeline/tee.js";
export { withProgress, ProgressOptions, type ProgressOptionsInput, type ProgressMode } from "./run/progress.js";

// --- seeing the data (src/report) ---
export { writeReport, writeRunReport } from "./report/write-report.js";
export { reportHtml, ReportOptions, type ReportOptionsInput } from "./report/report-html.js";
