// One cluster's admin client, created on first use: dropped (closed in the background) when its
// connections are in doubt so the next call reconnects, or closed, waiting at most a moment. While a
// client exists, its requests and connection attempts go to the logger.

import { Admin, type AdminOptions } from '@platformatic/kafka';
import { silentKafkaLogger, type KafkaLogger } from './kafkaLogger';
import { startRequestLog, type RequestLog } from './requestLog';

/** A lazily created admin client. */
export interface LazyAdmin {
  /** The client, created if there is none. */
  get(): Admin;
  /** Forgets the client and closes it in the background; the next `get()` makes a new one. */
  drop(): void;
  /** Forgets the client and closes it, giving up waiting after `giveUpMs`. */
  close(giveUpMs: number): Promise<void>;
}

/**
 * A lazy admin client with `clientOptions`. Nothing connects until the first `get()` is used. The
 * requests of its clients are logged to `logger` (at debug level) until `close()`.
 */
export function createLazyAdmin(clientOptions: AdminOptions, logger: KafkaLogger = silentKafkaLogger): LazyAdmin {
  let admin: Admin | null = null;
  /** The instance ids of the clients made here (a dropped one may still be closing). */
  const owners = new Set<unknown>();
  let requestLog: RequestLog | undefined;
  return {
    get() {
      if (!admin) {
        admin = new Admin(clientOptions);
        owners.add(admin.instanceId);
        if (logger !== silentKafkaLogger) requestLog ??= startRequestLog(logger, (owner) => owners.has(owner));
      }
      return admin;
    },
    drop() {
      const current = admin;
      admin = null;
      if (current) void current.close().catch(() => undefined);
    },
    async close(giveUpMs) {
      const current = admin;
      admin = null;
      if (current) {
        let timer: NodeJS.Timeout | undefined;
        const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, giveUpMs)));
        await Promise.race([current.close().catch(() => undefined), giveUp]);
        clearTimeout(timer);
      }
      requestLog?.dispose();
      requestLog = undefined;
      owners.clear();
    },
  };
}
