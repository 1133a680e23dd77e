import { readFileSync } from 'fs';
import { InMemorySnapshot } from './InMemorySnapshot';
import { KustomizeProcess } from './KustomizeProcess';
import { KustomizeRenderer } from './KustomizeRenderer';

// The first build starts kustomize, which parses its OpenAPI schema:
// seconds on a busy machine.
jest.setTimeout(60_000);

const files = {
  'app/kustomization.yaml': 'resources:\n- configmap.yaml\n',
  'app/configmap.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n',
};

async function renderNames(): Promise<string[]> {
  const objects = await new KustomizeRenderer().render({
    snapshot: new InMemorySnapshot({ revision: 'r', files }),
    path: 'app',
  });
  return objects.map(object => object.metadata.name);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('KustomizeProcess', () => {
  it('starts kustomize with an empty environment: no PATH, no secret of the backend', async () => {
    process.env.SLIPWAY_TEST_SECRET = 'must-not-leak';
    try {
      await renderNames();
      const { pid } = await KustomizeProcess.shared();
      expect(pid).toBeDefined();
      // Linux shows a process's environment as NUL-separated entries.
      expect(readFileSync(`/proc/${pid}/environ`, 'utf8')).toBe('');
    } finally {
      delete process.env.SLIPWAY_TEST_SECRET;
    }
  });

  it('starts a new process after the old one died', async () => {
    expect(await renderNames()).toEqual(['settings']);
    const first = await KustomizeProcess.shared();
    process.kill(first.pid!, 'SIGKILL');
    // Gone once the backend has reaped it (a zombie still answers signal 0);
    // the exit event that ends the old process's builds runs right after.
    while (isRunning(first.pid!)) {
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    await new Promise(resolve => setImmediate(resolve));
    expect(await renderNames()).toEqual(['settings']);
    const second = await KustomizeProcess.shared();
    expect(second.pid).not.toBe(first.pid);
  });
});
