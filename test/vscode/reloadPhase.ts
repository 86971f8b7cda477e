// A real window reload inside the suite: before reloading, a test leaves a marker file in the
// workspace; the run that VS Code starts after the reload finds it and runs only the reload test's
// second half (the runner keeps collecting results across the reload).

import * as fs from 'node:fs';
import * as path from 'node:path';

/** The test files (basenames) that run after the reload. */
export const afterReloadFiles = ['zzReload.test.js'];

/** Where the marker lives: the test workspace, a fresh folder per run (the runner names it). */
export function reloadMarkerFile(): string {
  return path.join(process.env.KOT_TEST_WORKSPACE ?? process.cwd(), '.kot-after-reload.json');
}

/** True in the run that VS Code started after the suite reloaded the window. */
export function isAfterReload(): boolean {
  return fs.existsSync(reloadMarkerFile());
}
