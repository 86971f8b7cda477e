// A local TCP server for tests of our socket code (no broker): each connection handed to a callback,
// every socket destroyed when the server closes.

import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** A local TCP server; `onSocket` handles each connection. Resolves with its port once it listens. */
export async function listen(onSocket: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  server.on('close', () => undefined);
  const close = server.close.bind(server);
  server.close = (callback) => {
    for (const socket of sockets) socket.destroy();
    return close(callback);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}
