// The Inspect Group panel's status line when a refresh fails: "Disconnected" with the reason when the
// cluster cannot be reached (and the values shown are the last ones read, marked stale with their
// age), or the failure of this refresh. Plain functions, tested without a webview.

import type { GroupErrorMessage } from './groupPanelMessages';

/** "12 s", "3 min 5 s", "2 h 4 min": how long ago something was read. */
export function ageText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/**
 * The status line for `error`, given when the values shown were read (undefined: nothing read yet)
 * and `time` to print a time of day. Stale when something is shown.
 */
export function failedRefreshStatus(
  error: GroupErrorMessage,
  shownSampledAtMs: number | undefined,
  time: (ms: number) => string,
): { text: string; stale: boolean } {
  const retry = error.retrySeconds > 0 ? `trying again every ${error.retrySeconds} s` : 'Refresh to try again';
  const reason = error.message.replace(/\.$/, '');
  const head = error.disconnected
    ? `Disconnected at ${time(error.atMs)}: ${reason}`
    : `Refresh failed at ${time(error.atMs)}: ${reason}`;
  if (shownSampledAtMs === undefined) return { text: `${head}. ${capitalized(retry)}.`, stale: false };
  return {
    text: `${head}. Showing what was read at ${time(shownSampledAtMs)}, ${ageText(error.atMs - shownSampledAtMs)} before (stale); ${retry}.`,
    stale: true,
  };
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
