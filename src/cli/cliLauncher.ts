// The CLI's first file (bundled to dist/cli.js, after the Node version check in its banner): turns on
// Node's compile cache, so that the CLI's code (dist/cliMain.js) is compiled once per version of it
// rather than on every run (about 10 ms of each `describe`), then runs it. Node keeps the cache in the
// system's temporary folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off. It also keeps V8 from
// moving short-lived objects to the old generation (see src/common/processTuning.ts).

import * as nodeModule from 'node:module';
import * as path from 'node:path';
import { keepShortLivedObjectsYoung } from '../common/processTuning';

keepShortLivedObjectsYoung();

// from Node 22.1; a cache that cannot be written is skipped by Node itself
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a computed path keeps esbuild from bundling it
require(path.join(__dirname, 'cliMain.js'));
