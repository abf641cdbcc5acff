'use strict';
// `npm test` runs this first: plain CommonJS, so that an old Node says which Node the tests need instead of
// dying on ERR_UNKNOWN_FILE_EXTENSION ".ts" in test/run.ts.
require('../bin/node-version.cjs').requireSupportedNode("farm-db's test suite");
