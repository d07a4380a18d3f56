import { requireBuiltPrograms } from '../../scripts/tooling/pipeline-programs.js';

/**
 * Vitest global set-up for STACK_TARGET=pipeline: fails the whole run at once, with the command to
 * run, when the programs are not built, instead of every test file failing on its own.
 */
export default function setup(): void {
  requireBuiltPrograms();
}
