/** Moving data between databases: snapshots (export/import) and provider switches, with verification. */
export { exportSnapshot, openSnapshot, type SnapshotManifest } from './snapshot.ts';
export { importSnapshot, transferDatabase } from './transfer.ts';
export { allMatch, verificationTable, type VerificationRow } from './verify.ts';
export { progressReporter } from './progress.ts';
