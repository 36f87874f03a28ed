/** ESP bounce/suppression exports: detection, per-provider mapping and the generic sheet path. */
export { buildRecord, isSkip, type BounceDraft, type MapResult, type Skip } from './build.js';
export { detectHeaders, detectRecord, detectRecords, providerById, unwrapRecords, PROVIDERS, type Detection } from './detect.js';
export { detectColumns, describeMapping, hasBounceColumns, mapGenericRow, mappingProblem, typeMeaning, type TypeMeaning } from './generic.js';
export { headerKey, normalizeHeader } from './header-key.js';
export { inferDayFirst, isObj, keySet, looksLikeEmail, toIso, type Obj } from './fields.js';
export { labelReason } from './labels.js';
export type { ProviderSpec } from './provider.js';
