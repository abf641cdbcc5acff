'use strict';
// Plain CommonJS that parses on any Node still in use: it runs before anything that needs a recent
// Node (TypeScript sources, node:module's enableCompileCache, require(esm)) is loaded, so an old
// Node gets a sentence and exit 1 instead of a SyntaxError or ERR_UNKNOWN_FILE_EXTENSION.

const MINIMUM = [22, 17];

/** Whether a Node version string ("22.17.0", "v20.20.2") is at least 22.17. */
function isSupported(version) {
  const [major, minor] = String(version).replace(/^v/, '').split('.').map(Number);
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

/** The message an old Node gets: what is needed, what this is, how to upgrade. */
function tooOldMessage(what, version) {
  return [
    `${what} needs Node.js >= ${MINIMUM.join('.')} (this is ${String(version).replace(/^v/, '')}): install a current Node.js, 24 LTS recommended.`,
    '  - from https://nodejs.org/en/download',
    '  - or with a version manager: `nvm install 24 && nvm use 24`, `fnm use --install-if-missing 24`, `volta install node@24`',
    'then run the command again.',
  ].join('\n');
}

/** Exits 1 with tooOldMessage when this Node is too old for `what`; returns otherwise. */
function requireSupportedNode(what) {
  if (isSupported(process.versions.node)) return;
  process.stderr.write(`${tooOldMessage(what, process.versions.node)}\n`);
  process.exit(1);
}

module.exports = { isSupported, tooOldMessage, requireSupportedNode };
