// How the panel shortens long lists (status tracker, key moments, differences): the first and last
// items, with one marker between them saying how many were left out.

/** The most status-tracker lines and key moments the panel lists; long traces keep their first and last ones. */
export const panelListLimit = 60;

/** Keeps the first and last items of a long list, with a marker item between them saying how many were left out. */
export function firstAndLast<T>(items: readonly T[], limit: number, gap: (omitted: number) => T): T[] {
  if (items.length <= limit) return [...items];
  const head = Math.ceil((limit - 1) / 2);
  const tail = limit - 1 - head;
  return [...items.slice(0, head), gap(items.length - head - tail), ...items.slice(items.length - tail)];
}
