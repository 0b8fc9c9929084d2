/** Output files written beside the store: archives.json (and alerts.json), exactly once per object. */
export { JsonLinesFile, createJsonLinesFile, syncDir } from './archives.ts';
export type { StagedLines, Published } from './archives.ts';
