// Lets the plain-Node tests `import text from './x.offsets.yaml'` as esbuild's text loader does in
// the bundles: a .yaml module is its file's text.
'use strict';
const fs = require('node:fs');

require.extensions['.yaml'] = (module, filename) => {
  module.exports = fs.readFileSync(filename, 'utf8');
};
