// Just enough of the Kafka wire protocol to ask a broker whether the cluster is up, as pure functions:
// framing a request, cutting a response out of the bytes read, and decoding ApiVersions v0 and Metadata v4.

/** The client id the requests carry. */
const CLIENT_ID = Buffer.from('kafka.mjs');

/** API keys used here. */
export const API_KEYS = { metadata: 3, apiVersions: 18 };

/** A size-prefixed request: header v1 (api key, version, correlation id, client id), then `body`. */
export function encodeRequest(apiKey, apiVersion, correlationId, body) {
  const header = Buffer.alloc(10);
  header.writeInt16BE(apiKey, 0);
  header.writeInt16BE(apiVersion, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(CLIENT_ID.length, 8);
  const size = Buffer.alloc(4);
  size.writeInt32BE(header.length + CLIENT_ID.length + body.length);
  return Buffer.concat([size, header, CLIENT_ID, body]);
}

/**
 * The response body (after the correlation id) once `data` holds a whole response; undefined while it
 * does not yet. Throws when the response answers another correlation id.
 */
export function responseBody(data, correlationId) {
  if (data.length < 4 || data.length < 4 + data.readInt32BE(0)) return undefined;
  if (data.readInt32BE(4) !== correlationId) throw new Error('bad correlation id');
  return data.subarray(8, 4 + data.readInt32BE(0));
}

/** The [min, max] versions of `apiKey` in an ApiVersions v0 response body, or undefined if absent. */
export function apiVersionRange(versions, apiKey) {
  if (versions.readInt16BE(0) !== 0) throw new Error(`ApiVersions error ${versions.readInt16BE(0)}`);
  let range;
  for (let i = 0, n = versions.readInt32BE(2); i < n; i++) {
    const o = 6 + i * 6;
    if (versions.readInt16BE(o) === apiKey) range = [versions.readInt16BE(o + 2), versions.readInt16BE(o + 4)];
  }
  return range;
}

/** The Metadata v4 request body for no topics: topics [] (none), allow_auto_topic_creation false. */
export const metadataRequestForNoTopics = () => Buffer.from([0, 0, 0, 0, 0]);

/** The brokers ({ id, host, port }) of a Metadata v4 response body. */
export function metadataBrokers(r) {
  const count = r.readInt32BE(4); // after throttle_time_ms
  let o = 8;
  const brokers = [];
  for (let i = 0; i < count; i++) {
    const id = r.readInt32BE(o);
    const hostLen = r.readInt16BE(o + 4);
    const host = r.toString('utf8', o + 6, o + 6 + hostLen);
    o += 6 + hostLen;
    const brokerPort = r.readInt32BE(o);
    const rackLen = r.readInt16BE(o + 4);
    o += 6 + Math.max(rackLen, 0);
    brokers.push({ id, host, port: brokerPort });
  }
  return brokers;
}
