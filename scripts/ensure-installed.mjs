// `npm test` starts here: install first when node_modules is missing or stale
// (see install-state.mjs), so a fresh clone needs no other command.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstalled } from './install-state.mjs';

ensureInstalled(dirname(dirname(fileURLToPath(import.meta.url))));
