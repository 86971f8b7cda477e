// The two time arguments of Kafka's `--reset-offsets`, read exactly as the tool reads them:
// `--to-datetime` (Utils.getDateTime) and `--by-duration` (java.time.Duration.parse). The
// extension's friendlier date-time box is dateTimeInput.ts; the CLI takes Kafka's forms.

/**
 * Parses `--to-datetime` as Kafka's `Utils.getDateTime` does: `YYYY-MM-DDThh:mm:ss.sss` with an
 * optional zone, `Z`, `±hh:mm` or `±hh` (SimpleDateFormat patterns `…ss.SSSXXX`, then `…ss.SSSX`).
 * The milliseconds are required. Without a zone the time is **UTC** (Kafka appends `Z`), not local.
 * As in SimpleDateFormat, the digits after the dot are a count of milliseconds: `.5` is 5 ms, not
 * 500 (up to 999). Stricter than SimpleDateFormat in two ways that only refuse odd input: every
 * field has its full width, and nothing may follow the zone. Returns epoch ms, or undefined.
 */
export function parseKafkaDateTime(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d+)(Z|[+-]\d{2}(?::\d{2})?)?$/.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second, millis] = match.slice(1, 8).map(Number);
  const zone = match[8] ?? 'Z';
  if (millis > 999 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Not lenient: 2026-02-30 does not roll over into March.
  if (new Date(local).getUTCDate() !== day) return undefined;
  if (zone === 'Z') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const zoneHours = Number(zone.slice(1, 3));
  const zoneMinutes = zone.length > 3 ? Number(zone.slice(4, 6)) : 0;
  if (zoneHours > 23 || zoneMinutes > 59) return undefined;
  return local - sign * (zoneHours * 60 + zoneMinutes) * 60_000;
}

/** `Duration.parse`'s grammar (case-insensitive): `[-+]P[nD][T[nH][nM][n[.f]S]]`, each n signed. */
const durationPattern =
  /^([-+]?)P(?:([-+]?\d+)D)?(T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{0,9}))?S)?)?$/i;

/**
 * Parses `--by-duration` as `java.time.Duration.parse` does, into milliseconds (a day is exactly
 * 24 hours; fractions of a second up to nanoseconds, taking the sign of the seconds). `PT1H`,
 * `P1DT12H`, `PT0.5S`, `-PT10M` (a negative duration: a time in the future). A `T` without a time
 * part, or no part at all, is refused, as Java refuses it. Returns undefined when not a duration.
 */
export function parseKafkaDuration(text: string): number | undefined {
  const match = durationPattern.exec(text);
  if (!match) return undefined;
  const [, sign, days, timePart, hours, minutes, seconds, fraction] = match;
  if (timePart !== undefined && timePart.toUpperCase() === 'T') return undefined;
  if (days === undefined && hours === undefined && minutes === undefined && seconds === undefined) return undefined;
  const whole = (value: string | undefined): number => (value === undefined ? 0 : Number(value));
  const secondsSign = seconds?.startsWith('-') ? -1 : 1;
  const fractionMs = fraction ? (secondsSign * Number(fraction.padEnd(9, '0'))) / 1_000_000 : 0;
  const ms =
    whole(days) * 86_400_000 + whole(hours) * 3_600_000 + whole(minutes) * 60_000 + whole(seconds) * 1000 + fractionMs;
  const total = sign === '-' ? -ms : ms;
  return Number.isFinite(total) && Math.abs(total) <= Number.MAX_SAFE_INTEGER ? total : undefined;
}

/**
 * The time `--by-duration` resets to: now minus the duration, in whole epoch milliseconds
 * (`Instant.now().minus(duration).toEpochMilli()`, which rounds down).
 */
export function timeBeforeNow(nowMs: number, durationMs: number): number {
  return Math.floor(nowMs - durationMs);
}
