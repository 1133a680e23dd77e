/*
 * Copyright 2026 The Slipway Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { renderKubeconfig } from './kubeconfig';
import { parseCliArgs, usage } from './parseCliArgs';
import { startKubeSimulator } from './startKubeSimulator';

async function main(): Promise<void> {
  let args;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(
      `kube-simulator: ${(error as Error).message}\n\n${usage}\n`,
    );
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const simulator = await startKubeSimulator(args.options);
  process.stdout.write(
    'kube-simulator: in-memory Kubernetes API for tests and demos only\n',
  );
  for (const c of simulator.clusters) {
    process.stdout.write(`  ${c.name}  ${c.url}  token=${c.token}\n`);
  }
  if (args.kubeconfig) {
    const file = resolve(args.kubeconfig);
    await writeFile(file, renderKubeconfig(simulator.clusters), {
      mode: 0o600,
    });
    process.stdout.write(`  kubeconfig written to ${file}\n`);
  }
  const shutdown = () => {
    simulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch(error => {
  process.stderr.write(`kube-simulator: ${(error as Error).message}\n`);
  process.exit(1);
});
