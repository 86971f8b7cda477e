// The standalone debug adapter (bundled to dist/debugAdapter.js): the same `kafka-offsets` session
// VS Code runs inline, speaking the debug adapter protocol over stdin/stdout for any DAP client
// (Neovim's nvim-dap, Emacs dap-mode, …). Nothing but protocol messages goes to stdout.

import { DebugSession } from '@vscode/debugadapter';
import { keepShortLivedObjectsYoung } from '../common/processTuning';
import { OffsetDebugSession } from './offsetDebugSession';

keepShortLivedObjectsYoung(); // its own process: long traces replay without filling the old generation

process.on('uncaughtException', (error) => {
  process.stderr.write(`kafka-offsets debug adapter: ${error instanceof Error ? error.message : String(error)}\n`);
});

/** The session with no observer: nothing outside the protocol listens to it. */
class StandaloneOffsetDebugSession extends OffsetDebugSession {
  constructor() {
    super({});
  }
}

DebugSession.run(StandaloneOffsetDebugSession);
