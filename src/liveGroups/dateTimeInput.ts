// Reads the date-time a user types for a reset to a time, as Kafka's tool reads --to-datetime: an
// ISO-like date with an optional time and zone, local time when no zone is given.

/** Parses "2026-11-25T10:00:00Z", "2026-11-25 10:00" (local time) and the like; undefined if not a time. */
export function parseDateTime(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(trimmed))
    return undefined;
  // Without a zone the time is local, as in Kafka's tool; a date alone is local midnight.
  const withTime = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00` : trimmed.replace(' ', 'T');
  const ms = Date.parse(withTime);
  return Number.isFinite(ms) ? ms : undefined;
}
