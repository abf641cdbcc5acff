#!/usr/bin/env node
'use strict';
// The published `farm-db` (and `farm`) command. It checks the Node version first, in code that parses on
// old Node, and loads the real CLI (ESM, dist/bin/farm.js) only on a Node that can run it.
require('./node-version.cjs').requireSupportedNode('farm-db');

const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '../dist/bin/farm.js');
if (!existsSync(cli)) {
  // A git checkout before its first build; `npm install <git url>` builds through `prepare`.
  process.stderr.write(`farm-db is not built: ${cli} is missing. Run \`npm run build\` in ${join(__dirname, '..')}.\n`);
  process.exit(1);
}
import(require('node:url').pathToFileURL(cli).href);
