// The panel page's security: a strict Content-Security-Policy with a fresh nonce, no inline
// code or styles, no remote resources, and one script that carries the nonce.

import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, createNonce, groupPanelHtml, panelHtml } from '../../src/panel/webviewHtml';

describe('panel HTML', () => {
  const source = 'https://file+.vscode-resource.vscode-cdn.net';
  const nonce = createNonce();
  const html = panelHtml({
    cspSource: source,
    nonce,
    scriptUri: `${source}/dist/webview.js`,
    styleUri: `${source}/media/panel.css`,
    title: 'Kafka Offsets',
  });

  it('uses a fresh, unguessable nonce each time', () => {
    assert.notEqual(createNonce(), createNonce());
    assert.ok(Buffer.from(nonce, 'base64').length >= 16);
  });

  it('has a CSP that denies by default and allows only the extension’s own files and the nonce', () => {
    const csp = contentSecurityPolicy(source, nonce);
    assert.match(csp, /^default-src 'none'/);
    assert.ok(csp.includes(`script-src 'nonce-${nonce}'`));
    assert.ok(csp.includes(`style-src ${source}`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:\/\/(?!file\+)/);
    assert.ok(html.includes(`content="${csp}"`));
  });

  it('runs exactly one script, with the nonce, and has no inline handlers or styles', () => {
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepEqual(scripts, [`<script nonce="${nonce}" src="${source}/dist/webview.js">`]);
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.doesNotMatch(html, /\sstyle=/i);
    assert.doesNotMatch(html, /<style/i);
  });
});

describe('Inspect Group page', () => {
  const source = 'https://file+.vscode-resource.vscode-cdn.net';
  const nonce = createNonce();
  const html = groupPanelHtml({
    cspSource: source,
    nonce,
    scriptUri: `${source}/dist/webview.js`,
    styleUri: `${source}/media/panel.css`,
  });

  it('has the same strict CSP, one nonced script, no inline code, and header rows the view fills with the type’s tool columns', () => {
    assert.ok(html.includes(`content="${contentSecurityPolicy(source, nonce)}"`));
    assert.deepEqual(html.match(/<script\b[^>]*>/g), [`<script nonce="${nonce}" src="${source}/dist/webview.js">`]);
    assert.doesNotMatch(html, /\son[a-z]+=|\sstyle=|<style/i);
    // The columns depend on the group's type (consumer, share, streams): the snapshot carries them.
    assert.match(html, /<thead><tr id="describe-header"><\/tr><\/thead>\s*<tbody id="describe-rows"><\/tbody>/);
    assert.match(html, /<thead><tr id="member-header"><\/tr><\/thead>/);
    assert.match(html, /<strong id="record-age"><\/strong>/);
    assert.match(html, /<body data-panel="group">/);
  });
});
