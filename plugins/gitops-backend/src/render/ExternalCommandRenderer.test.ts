import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ExternalCommandRenderer } from './ExternalCommandRenderer';
import { InMemorySnapshot } from './InMemorySnapshot';

describe('ExternalCommandRenderer', () => {
  let bin: string;
  let script: string;

  beforeAll(async () => {
    bin = await fs.mkdtemp(join(tmpdir(), 'slipway-bin-'));
    script = join(bin, 'fake-kustomize');
    // Prints what it was called with and what it found on disk, as YAML.
    await fs.writeFile(
      script,
      [
        `#!${process.execPath}`,
        "const fs = require('fs');",
        "const path = require('path');",
        'const [cmd, dir] = process.argv.slice(2);',
        "if (dir.endsWith('fail')) { process.stderr.write('boom in ' + process.cwd()); process.exit(3); }",
        "if (dir.endsWith('slow')) { setTimeout(() => {}, 10000); return; }",
        "if (dir.endsWith('loud')) { process.stdout.write('x'.repeat(100000)); return; }",
        "const kust = fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8');",
        "const base = fs.readFileSync(path.join(dir, '..', '..', 'base', 'cm.yaml'), 'utf8');",
        "process.stdout.write(['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: out', 'data:',",
        "  '  cmd: ' + JSON.stringify(cmd), '  relative: ' + JSON.stringify(path.relative(process.cwd(), dir)),",
        "  '  kustomization: ' + JSON.stringify(kust), '  base: ' + JSON.stringify(base),",
        "  '  home: ' + JSON.stringify(String(process.env.HOME !== undefined && process.env.SECRET_TOKEN === undefined))].join('\\n') + '\\n');",
      ].join('\n'),
      { mode: 0o755 },
    );
  });

  afterAll(async () => {
    await fs.rm(bin, { recursive: true, force: true });
  });

  const snapshot = new InMemorySnapshot({
    revision: 'r',
    files: {
      'base/cm.yaml': 'base-content',
      'envs/dev/kustomization.yaml': 'resources: [../../base]',
      'envs/fail/kustomization.yaml': '',
      'envs/slow/kustomization.yaml': '',
      'envs/loud/kustomization.yaml': '',
    },
  });

  it('runs the binary on a materialized copy and parses what it prints', async () => {
    process.env.SECRET_TOKEN = 'must-not-leak';
    try {
      const renderer = ExternalCommandRenderer.kustomize(script);
      expect(await renderer.supports({ snapshot, path: 'envs/dev' })).toBe(
        true,
      );
      const [object] = await renderer.render({ snapshot, path: 'envs/dev' });
      expect(object.data).toEqual({
        cmd: 'build',
        relative: 'envs/dev',
        kustomization: 'resources: [../../base]',
        base: 'base-content',
        home: 'true',
      });
    } finally {
      delete process.env.SECRET_TOKEN;
    }
  });

  it('reports the exit code and stderr without the temporary path', async () => {
    await expect(
      ExternalCommandRenderer.kustomize(script).render({
        snapshot,
        path: 'envs/fail',
      }),
    ).rejects.toThrow(
      'envs/fail: kustomize-binary exited with 3: boom in <repo>',
    );
  });

  it('stops at the timeout and at the output limit', async () => {
    await expect(
      ExternalCommandRenderer.kustomize(script, { timeoutMs: 300 }).render({
        snapshot,
        path: 'envs/slow',
      }),
    ).rejects.toThrow(
      'envs/slow: kustomize-binary did not finish within 300 ms',
    );
    await expect(
      ExternalCommandRenderer.kustomize(script, {
        limits: { maxOutputBytes: 1000 },
      }).render({ snapshot, path: 'envs/loud' }),
    ).rejects.toThrow(
      'envs/loud: kustomize-binary printed more than 1000 bytes (limit maxOutputBytes)',
    );
  });

  it('builds helm template arguments for chart folders', async () => {
    const helm = ExternalCommandRenderer.helm(script, { releaseName: 'web' });
    const charts = new InMemorySnapshot({
      revision: 'r',
      files: { 'chart/Chart.yaml': 'name: web' },
    });
    expect(await helm.supports({ snapshot: charts, path: 'chart' })).toBe(true);
    expect(await helm.supports({ snapshot, path: 'envs/dev' })).toBe(false);
  });
});
