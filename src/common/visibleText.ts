// Names from a cluster (groups, topics, clients, hosts) may hold terminal escapes or bidi overrides
// (Trojan-Source style). `visibleText` writes those characters as visible escapes, for the CLI's output,
// the Clusters tree and the webviews alike; every ordinary name comes back unchanged.

/**
 * The characters `visibleText` escapes: C0 controls except `\t` and `\n`, DEL, the C1 controls, and
 * the invisible characters that reorder or break text (bidi embeddings, overrides and isolates
 * U+202A–U+202E, U+2066–U+2069; the marks U+061C, U+200E, U+200F; the separators U+2028, U+2029).
 * Zero-width joiners and other letters, emoji included, are not touched.
 */
const unsafeCharacters = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/gu;

/**
 * `text` with every character that could drive a terminal or reorder what is shown written as a
 * visible escape: C0 controls as `\x1b` (the four characters backslash, x, 1, b), the others as
 * `\u009b`, `\u202e`. Group, topic, client and host names come from the cluster and may hold
 * `\x1b]0;title\x07` or U+202E; Kafka's tools print them raw, we do not. Text without such
 * characters (every ordinary name) is returned unchanged, byte for byte.
 *
 * Also safe on `--json` output, which goes through it too: JSON.stringify already escapes C0 (so a
 * `\x..` escape never lands in JSON), but leaves DEL, C1 and the bidi controls raw; outside strings
 * JSON has only ASCII, and inside a string `\u202e` is the JSON escape of the very same character,
 * so the escaped output is still valid JSON with the same values. A backslash is not escaped: a
 * name that spells `\x1b` itself reads the same as an escaped ESC, the price of leaving every
 * ordinary name as Kafka's tools print it.
 */
export function visibleText(text: string): string {
  return text.replace(unsafeCharacters, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** `text` for quoting inside a one-line message: visibleText, with line breaks and tabs written as `\n`, `\t`. */
export function oneLineText(text: string): string {
  return visibleText(text).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}
