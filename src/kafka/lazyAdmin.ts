// One cluster's admin client, created on first use: dropped (closed in the background) when its
// connections are in doubt so the next call reconnects, or closed, waiting at most a moment.

import { Admin, type AdminOptions } from '@platformatic/kafka';

/** A lazily created admin client. */
export interface LazyAdmin {
  /** The client, created if there is none. */
  get(): Admin;
  /** Forgets the client and closes it in the background; the next `get()` makes a new one. */
  drop(): void;
  /** Forgets the client and closes it, giving up waiting after `giveUpMs`. */
  close(giveUpMs: number): Promise<void>;
}

/** A lazy admin client with `clientOptions`. Nothing connects until the first `get()` is used. */
export function createLazyAdmin(clientOptions: AdminOptions): LazyAdmin {
  let admin: Admin | null = null;
  return {
    get() {
      admin ??= new Admin(clientOptions);
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
      if (!current) return;
      let timer: NodeJS.Timeout | undefined;
      const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, giveUpMs)));
      await Promise.race([current.close().catch(() => undefined), giveUp]);
      clearTimeout(timer);
    },
  };
}
