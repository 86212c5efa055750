// The trace module's public face: where events go during a run (sink), how a run is
// identified (hash), what a valid trace is (schema) and how one is read back (reader).
// Importers outside engine/trace should import from here.
export * from './sink.ts';
export * from './hash.ts';
export * from './schema.ts';
export * from './reader.ts';
