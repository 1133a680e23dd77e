import { EnvironmentStatus } from '@slipway/plugin-gitops-common';
import { hasCaughtUp, operationProgress } from './operationProgress';
import { makeOperation } from '../__testUtils__/testApi';
import { makeStatus } from './testFixtures';

const REPO = 'https://github.com/acme/payments-config';
const NEW_REVISION = '3333333ccccccc3333333ccccccc3333333ccccc';

function dev(overrides: Partial<EnvironmentStatus> = {}): EnvironmentStatus {
  return { ...makeStatus().environments[0], ...overrides };
}
function production(
  overrides: Partial<EnvironmentStatus> = {},
): EnvironmentStatus {
  return { ...makeStatus().environments[2], ...overrides };
}
function states(model: ReturnType<typeof operationProgress>) {
  return Object.fromEntries(model.steps.map(step => [step.id, step.state]));
}

describe('operationProgress', () => {
  it('shows a queued operation as the first step in progress', () => {
    const model = operationProgress(
      makeOperation({
        state: 'queued',
        revision: undefined,
        startedAt: undefined,
        finishedAt: undefined,
      }),
      dev(),
      REPO,
    );
    expect(states(model)).toEqual({
      queued: 'active',
      committed: 'waiting',
      synced: 'waiting',
      healthy: 'waiting',
    });
    expect(model.phase).toBe('running');
  });

  it('links the pushed commit and waits for the engine to sync it', () => {
    const model = operationProgress(makeOperation(), dev(), REPO);
    expect(states(model)).toEqual({
      queued: 'done',
      committed: 'done',
      synced: 'active',
      healthy: 'waiting',
    });
    expect(model.steps[1]).toMatchObject({
      label: 'Commit pushed',
      link: { href: `${REPO}/commit/${NEW_REVISION}`, text: '3333333' },
    });
    expect(model.phase).toBe('running');
  });

  it('counts the environment as synced once its status shows the commit', () => {
    const model = operationProgress(
      makeOperation(),
      dev({
        revision: NEW_REVISION,
        syncStatus: 'Synced',
        health: 'Progressing',
      }),
      REPO,
    );
    expect(states(model)).toMatchObject({
      synced: 'done',
      healthy: 'active',
    });
    expect(model.steps[3].detail).toBe('now Progressing');
  });

  it('is done when the environment is Synced and Healthy at the new version', () => {
    const model = operationProgress(
      makeOperation(),
      // A later commit moved the head; the version tells it caught up.
      dev({ revision: 'f'.repeat(40), version: '1.5.0' }),
      REPO,
    );
    expect(states(model)).toMatchObject({ synced: 'done', healthy: 'done' });
    expect(model.phase).toBe('done');
  });

  it('marks Degraded health as failed', () => {
    const model = operationProgress(
      makeOperation(),
      dev({ revision: NEW_REVISION, health: 'Degraded' }),
      REPO,
    );
    expect(states(model).healthy).toBe('failed');
    expect(model.steps[3].detail).toBe('now Degraded');
  });

  it('shows the failure with its message at the step that failed', () => {
    const model = operationProgress(
      makeOperation({
        state: 'failed',
        revision: undefined,
        message: 'push rejected: protected branch',
      }),
      dev(),
      REPO,
    );
    expect(states(model)).toEqual({
      queued: 'done',
      committed: 'failed',
      synced: 'waiting',
      healthy: 'waiting',
    });
    expect(model.steps[1].detail).toBe('push rejected: protected branch');
    expect(model.phase).toBe('failed');
  });

  it('fails the queued step when the operation never started', () => {
    const model = operationProgress(
      makeOperation({
        state: 'failed',
        startedAt: undefined,
        message: 'Another operation is changing dev',
      }),
      dev(),
      REPO,
    );
    expect(states(model).queued).toBe('failed');
    expect(model.steps[0].detail).toBe('Another operation is changing dev');
  });

  it('waits for a pull request to be merged, linking it', () => {
    const operation = makeOperation({
      environment: 'production',
      branch: 'slipway/deploy-production-6f1c2a4e',
      pullRequestUrl: 'https://github.com/acme/payments-config/pull/42',
    });
    const waiting = operationProgress(operation, production(), REPO);
    expect(states(waiting)).toEqual({
      queued: 'done',
      committed: 'done',
      merged: 'active',
      synced: 'waiting',
      healthy: 'waiting',
    });
    expect(waiting.steps[1]).toMatchObject({
      label: 'Pull request opened',
      link: {
        href: 'https://github.com/acme/payments-config/pull/42',
        text: 'pull request',
      },
    });
    expect(waiting.phase).toBe('awaiting-merge');

    const merged = operationProgress(
      operation,
      production({ version: '1.5.0', syncStatus: 'OutOfSync' }),
      REPO,
    );
    expect(states(merged)).toMatchObject({ merged: 'done', synced: 'active' });
    expect(merged.steps[3].detail).toBe('now OutOfSync');
    expect(merged.phase).toBe('running');
  });

  it('never links a pull request URL that is not http(s)', () => {
    const model = operationProgress(
      makeOperation({
        environment: 'production',
        // eslint-disable-next-line no-script-url -- the input this test refuses
        pullRequestUrl: 'javascript:alert(1)',
      }),
      production(),
      REPO,
    );
    expect(model.steps[1].link?.href).not.toMatch(/^javascript/);
  });
});

describe('operationProgress of a sync', () => {
  it('applies to the cluster without a pull request, even where changes go through one', () => {
    const sync = makeOperation({
      kind: 'sync',
      environment: 'production',
      fromVersion: undefined,
      toVersion: undefined,
    });
    const waiting = operationProgress(sync, production(), REPO);
    expect(states(waiting)).toEqual({
      queued: 'done',
      committed: 'done',
      synced: 'active',
      healthy: 'waiting',
    });
    expect(waiting.steps[1].label).toBe('Applied to the cluster');
    expect(waiting.phase).toBe('running');

    const done = operationProgress(
      sync,
      production({
        revision: NEW_REVISION,
        syncStatus: 'Synced',
        health: 'Healthy',
      }),
      REPO,
    );
    expect(states(done)).toEqual({
      queued: 'done',
      committed: 'done',
      synced: 'done',
      healthy: 'done',
    });
    expect(done.phase).toBe('done');
  });
});

describe('hasCaughtUp', () => {
  it('needs a succeeded operation', () => {
    expect(
      hasCaughtUp(
        makeOperation({ state: 'running' }),
        dev({ revision: NEW_REVISION }),
      ),
    ).toBe(false);
  });

  it('does not trust an unchanged version (a rollback to the same tag)', () => {
    const operation = makeOperation({
      kind: 'rollback',
      fromVersion: '1.4.0',
      toVersion: '1.4.0',
    });
    expect(hasCaughtUp(operation, dev())).toBe(false);
    expect(hasCaughtUp(operation, dev({ revision: NEW_REVISION }))).toBe(true);
  });
});
