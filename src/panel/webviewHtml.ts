// Webview security in one place: a nonce from `crypto`, a strict Content Security Policy
// (no inline code, no remote resources), and the page skeleton the panel script fills in.

import { randomBytes } from 'node:crypto';

/** A fresh nonce for the one script tag a page may run. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The Content-Security-Policy for a page whose resources come only from `cspSource`. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

function head(cspSource: string, nonce: string, styleUri: string, title: string): string {
  return `<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${styleUri}">
<title>${title}</title>`;
}

/** The Inspect Group panel's HTML: static markup; the script fills in the group's data as text. */
export function groupPanelHtml(options: {
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
}): string {
  const { cspSource, nonce, scriptUri, styleUri } = options;
  return `<!DOCTYPE html>
<html lang="en">
<head>
${head(cspSource, nonce, styleUri, 'Consumer group')}
</head>
<body data-panel="group">
<main id="app" aria-busy="true">
  <header class="heading">
    <h1 id="title">Consumer group</h1>
    <div id="facts" class="facts"></div>
  </header>
  <div class="toolbar">
    <button id="refresh" type="button" title="Refresh now">↻ Refresh</button>
    <span id="status" class="position" role="status" aria-live="polite">Loading…</span>
  </div>
  <section aria-labelledby="lag-heading">
    <h2 id="lag-heading">Lag over time</h2>
    <div id="chart" class="chart-box"></div>
    <p><strong id="estimate"></strong></p>
    <p id="method" class="summary"></p>
    <p><strong id="record-age"></strong></p>
    <p id="record-age-method" class="summary"></p>
  </section>
  <section aria-labelledby="describe-heading">
    <h2 id="describe-heading">Partitions</h2>
    <div class="table-scroll group-table">
      <table>
        <thead><tr id="describe-header"></tr></thead>
        <tbody id="describe-rows"></tbody>
      </table>
    </div>
    <p id="lag-note" class="summary"></p>
    <p id="note" class="summary"></p>
  </section>
  <section id="burrow" aria-labelledby="burrow-heading" hidden>
    <h2 id="burrow-heading">Evaluation</h2>
    <p><strong id="burrow-label"></strong></p>
    <p id="burrow-explanation" class="summary"></p>
    <div class="tracker-scroll">
      <table class="tracker">
        <thead><tr id="burrow-header"></tr></thead>
        <tbody id="burrow-rows"></tbody>
      </table>
    </div>
  </section>
  <section aria-labelledby="members-heading">
    <h2 id="members-heading">Members</h2>
    <div class="tracker-scroll">
      <table class="tracker">
        <thead><tr id="member-header"></tr></thead>
        <tbody id="member-rows"></tbody>
      </table>
    </div>
  </section>
  <p class="keys">Inspecting never joins the group, commits or triggers a rebalance.</p>
</main>
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}

/** The panel's HTML: static markup only; every value from a trace is inserted by the script as text. */
export function panelHtml(options: {
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly title: string;
}): string {
  const { cspSource, nonce, scriptUri, styleUri, title } = options;
  return `<!DOCTYPE html>
<html lang="en">
<head>
${head(cspSource, nonce, styleUri, title)}
</head>
<body data-panel="execution">
<main id="app" aria-busy="true">
  <header class="heading">
    <h1 id="title">Kafka Offset Trace</h1>
    <p id="summary" class="summary"></p>
    <ul id="settings" class="settings" aria-label="Scenario settings" hidden></ul>
  </header>
  <div class="toolbar" role="toolbar" aria-label="Step controls">
    <button id="first" type="button" title="First step (Home)" aria-keyshortcuts="Home">⏮ First</button>
    <button id="back" type="button" title="Step back (←)" aria-keyshortcuts="ArrowLeft">◀ Back</button>
    <button id="step" type="button" title="Step (→)" aria-keyshortcuts="ArrowRight">Step ▶</button>
    <button id="play" type="button" title="Play / pause (Space)" aria-keyshortcuts="Space">▶ Play</button>
    <button id="last" type="button" title="Last step (End)" aria-keyshortcuts="End">Last ⏭</button>
    <label class="speed">Speed
      <select id="speed" aria-label="Playback speed">
        <option value="2000">Slow (2 s)</option>
        <option value="800">Normal (0.8 s)</option>
        <option value="300">Fast (0.3 s)</option>
        <option value="100">Very fast (0.1 s)</option>
      </select>
    </label>
    <span id="position" class="position" role="status" aria-live="polite"></span>
  </div>
  <section id="comparison" class="comparison" aria-labelledby="comparison-heading" hidden>
    <div class="comparison-bar">
      <h2 id="comparison-heading">Simulator and Kafka, side by side</h2>
      <strong id="comparison-summary" class="comparison-summary" role="status" aria-live="polite"></strong>
      <span class="comparison-actions">
        <button id="previous-difference" type="button" title="Previous step with a difference (p)" aria-keyshortcuts="p">◀ Previous difference</button>
        <button id="next-difference" type="button" title="Next step with a difference (n)" aria-keyshortcuts="n">Next difference ▶</button>
        <label class="speed">View
          <select id="comparison-view" aria-label="Comparison view">
            <option value="side-by-side">Side by side</option>
            <option value="compact">Compact (simulated → observed)</option>
            <option value="observed">Kafka's run only</option>
          </select>
        </label>
      </span>
    </div>
    <div id="comparison-facts" class="facts"></div>
  </section>
  <section class="concept" aria-label="The rule">
    <strong>Kafka's rule:</strong> the committed offset is the offset of the <em>next</em> record to read.
    After processing offset N the consumer commits N + 1, and a restarted consumer resumes <em>at</em> the
    committed offset, not at committed + 1. Lag = log-end offset − committed offset.
  </section>
  <div class="layout">
    <section class="table-section" aria-label="Execution table">
      <div id="table-scroll" class="table-scroll" tabindex="0" aria-label="Execution table, use arrow keys to step">
        <table id="table" aria-rowcount="0">
          <thead id="table-head"><tr id="header-row"></tr></thead>
          <tbody id="rows"></tbody>
        </table>
      </div>
    </section>
    <aside class="side">
      <section aria-labelledby="tracker-heading">
        <h2 id="tracker-heading">Status tracker</h2>
        <div class="tracker-scroll">
          <table class="tracker">
            <thead><tr><th>When</th><th>Offset Read</th><th>Message Processed</th><th>Offset Committed</th><th>Next Offset to Read</th></tr></thead>
            <tbody id="tracker"></tbody>
          </table>
        </div>
      </section>
      <div class="side-lists">
        <section id="differences-section" aria-labelledby="differences-heading" hidden>
          <h2 id="differences-heading">Differences from the simulator</h2>
          <ul id="differences" class="moments"></ul>
        </section>
        <section aria-labelledby="moments-heading">
          <h2 id="moments-heading">Key moments</h2>
          <ul id="moments" class="moments"></ul>
        </section>
      </div>
    </aside>
  </div>
  <p class="keys">Keys: → or j step, ← or k back, Home first, End last, Space play/pause<span id="comparison-keys" hidden>, n next difference, p previous difference</span>. Click a row or a moment to go to its step.</p>
</main>
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}
