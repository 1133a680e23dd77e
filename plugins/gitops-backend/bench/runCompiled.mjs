/*
 * Runs a benchmark as the backend runs in production: compiled to
 * JavaScript, not through tsx. tsx keeps each module's source and source map
 * in memory (about 95 MB for the engine's modules), which no deployed
 * backend carries, so memory figures taken under tsx overstate what ships.
 *
 *   node bench/runCompiled.mjs bench/engineBenchmark.ts [args…]
 *
 * The benchmark and Slipway's own packages are bundled into one file in a
 * temporary folder (npm packages stay external, as in a built backend) and
 * run with the same Node and environment, NODE_OPTIONS included.
 */
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node bench/runCompiled.mjs <benchmark.ts> [args…]');
  process.exit(2);
}
const source = resolve(entry);
const folder = mkdtempSync(join(tmpdir(), 'slipway-bench-'));
const outfile = join(folder, `${basename(source, '.ts')}.cjs`);
await build({
  entryPoints: [source],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: `node${process.versions.node.split('.')[0]}`,
  logLevel: 'error',
  // Paths the benchmark builds from its own folder stay where they were.
  define: { __dirname: JSON.stringify(dirname(source)) },
  plugins: [
    {
      name: 'npm-packages-external',
      setup(bundler) {
        bundler.onResolve({ filter: /^[^./]/ }, ({ path }) =>
          path.startsWith('@slipway/') ? undefined : { external: true },
        );
      },
    },
  ],
});
// The bundle lives outside the repository: its npm imports are found in
// the node_modules folders above the benchmark, where Node would look.
const nodeModules = [];
for (let at = dirname(source); ; at = dirname(at)) {
  nodeModules.push(join(at, 'node_modules'));
  if (dirname(at) === at) break;
}
const child = spawn(process.execPath, [outfile, ...args], {
  stdio: 'inherit',
  env: { ...process.env, NODE_PATH: nodeModules.join(delimiter) },
});
const forward = signal => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => {
  rmSync(folder, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
