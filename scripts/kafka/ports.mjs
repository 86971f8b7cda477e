// Ports on 127.0.0.1: whether one is free to bind, and a free one that is not already taken by the plan.

import * as net from 'node:net';
import { HOST } from './locations.mjs';

/** True when `port` can be bound exclusively on HOST right now. */
export function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: HOST, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the OS reports free on HOST, never one in `taken`. */
export function freePort(taken) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: HOST, exclusive: true }, () => {
      const { port } = server.address();
      server.close(() => (taken.has(port) ? freePort(taken).then(resolve, reject) : resolve(port)));
    });
  });
}
