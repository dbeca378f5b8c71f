// corpuskit/catalog: the catalog alone -- schema, entries and queries -- so a tool that only asks
// about datasets loads no readers, codecs or WASM.
export {
  DatasetSchema,
  Figure,
  Size,
  License,
  FileSet,
  Subset,
  STAGES,
  DOMAINS,
  type Dataset,
  type DatasetInput,
  type Stage,
  type Domain,
} from "./schema.js";
export { datasets, getDataset, findDatasets, FindQuery, type FindQueryInput } from "./registry.js";
export { expandTemplate } from "./shard-template.js";
export { catalogTable, exportCatalog, EXPORT_FORMATS, type ExportFormat } from "./export.js";
export type { DatasetId } from "./entries.generated.js";
export { UnknownDatasetError } from "../errors.js";
