// Loads the Kafka client on first use, so that neither the extension's activation nor the CLI's
// simulator commands pay for it. Everything outside src/kafka reaches the client only through here.
//
// Why a separate bundle: @platformatic/kafka and its dependencies are ~750 KB of JavaScript. esbuild
// builds src/kafka/kafkaClient.ts into dist/kafkaClient.js next to dist/extension.js and dist/cli.js;
// this loader `require`s it with a computed path (which esbuild leaves alone), so the extension
// bundle holds only this small loader and the type-only import below.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as KafkaClientModule from './kafkaClient';

/** The lazily loaded client module: `createKafkaInspector`, `startRequestCounter`. */
export type KafkaClient = typeof KafkaClientModule;

let loaded: KafkaClient | undefined;

/**
 * Where the client is: dist/kafkaClient.js beside the running bundle; when running from the sources
 * (unit tests under tsx) the TypeScript module beside this file.
 */
export function kafkaClientPath(directory: string = __dirname): string {
  const bundled = path.join(directory, 'kafkaClient.js');
  return fs.existsSync(bundled) ? bundled : path.join(directory, 'kafkaClient.ts');
}

/** True once the client has been loaded (tests check that activation does not load it). */
export function isKafkaClientLoaded(): boolean {
  return loaded !== undefined;
}

/** Loads the client (once) and returns it. Throws if dist/kafkaClient.js is missing from the build. */
export function loadKafkaClient(): KafkaClient {
  if (!loaded) {
    const file = kafkaClientPath();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a computed path keeps esbuild from bundling it
    loaded = require(file) as KafkaClient;
  }
  return loaded;
}
