// The version written into trace headers; test/version.test.ts keeps it equal to package.json.
export const ZKSIM_VERSION = '0.1.0';
