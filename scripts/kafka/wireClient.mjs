// A raw Kafka client for readiness checks: one request per fresh connection to a broker on 127.0.0.1,
// and the brokers a node reports alive (ApiVersions, then Metadata v4 when the broker still has it).

import * as net from 'node:net';
import { HOST } from './locations.mjs';
import {
  API_KEYS,
  apiVersionRange,
  encodeRequest,
  metadataBrokers,
  metadataRequestForNoTopics,
  responseBody,
} from './wireProtocol.mjs';

const CORRELATION_ID = 7;

/** One request/response over a fresh connection; resolves the response body (after the correlation id). */
export function kafkaRequest(port, apiKey, apiVersion, body, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: HOST, port });
    let data = Buffer.alloc(0);
    const done = (err, value) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(value);
    };
    const timer = setTimeout(() => done(new Error('timeout')), timeoutMs);
    socket.on('connect', () => socket.write(encodeRequest(apiKey, apiVersion, CORRELATION_ID, body)));
    socket.on('error', (e) => done(e));
    socket.on('close', () => done(new Error('connection closed')));
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      let response;
      try {
        response = responseBody(data, CORRELATION_ID);
      } catch (e) {
        done(e);
        return;
      }
      if (response !== undefined) done(undefined, response);
    });
  });
}

/** Brokers this node reports as alive (Metadata v4 for no topics), or undefined if it has no Metadata v4. */
export async function liveBrokers(port) {
  const versions = await kafkaRequest(port, API_KEYS.apiVersions, 0, Buffer.alloc(0));
  const metadataRange = apiVersionRange(versions, API_KEYS.metadata);
  if (!metadataRange || metadataRange[0] > 4 || metadataRange[1] < 4) return undefined;
  const r = await kafkaRequest(port, API_KEYS.metadata, 4, metadataRequestForNoTopics());
  return metadataBrokers(r);
}
