import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * After the run: stops what e2e-tests/pullModelEnvironment.mjs started for
 * the pull model (its Git server, by pid file, and the Argo CD and Flux
 * objects it created). Nothing to do when this run did not start them (a
 * reused portal's are left alone).
 */
export default function globalTeardown() {
  execFileSync(
    process.execPath,
    [
      path.join(__dirname, 'pullModelEnvironment.mjs'),
      'stop',
      '--run',
      process.env.SLIPWAY_E2E_RUN_ID ?? '',
    ],
    { stdio: 'inherit' },
  );
}
