#!/usr/bin/env node
// The `farm` command. Node's compile cache (as npm and tsc use it) makes every run after the
// first skip re-compiling farm-db and its dependencies; it must be on before they load.
import { enableCompileCache } from 'node:module';
import { relaunchWithNodeFlags } from './relaunch.ts';

relaunchWithNodeFlags(process.argv.slice(2));
enableCompileCache?.();
const { run } = await import('../cli/main.ts');
run(process.argv.slice(2));
