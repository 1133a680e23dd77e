import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { Operation } from '@slipway/plugin-gitops-common';
import { ReactElement } from 'react';
import { GitOpsApi, gitopsApiRef } from '../api';
import { makeEntity, makeStatus } from '../components/testFixtures';

/**
 * The permission decisions `mockApis.permission` takes, without importing
 * `@backstage/plugin-permission-common`, which this package does not
 * depend on.
 */
type Decision = Exclude<
  NonNullable<
    NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
  >,
  (...args: any[]) => unknown
>;
export const ALLOW = 'ALLOW' as Decision;
export const DENY = 'DENY' as Decision;

/** A permission API that denies the named permissions and allows the rest. */
export function permissionApiDenying(...names: string[]) {
  return mockApis.permission({
    authorize: request =>
      names.includes(request.permission.name) ? DENY : ALLOW,
  });
}

/** A GitOps API whose every method is a jest mock with a harmless answer. */
export function mockGitOpsApi(
  overrides: Partial<GitOpsApi> = {},
): jest.Mocked<GitOpsApi> {
  return {
    getApplicationStatus: jest.fn().mockResolvedValue(makeStatus()),
    deploy: jest.fn(),
    promote: jest.fn(),
    rollback: jest.fn(),
    sync: jest.fn(),
    terminate: jest.fn().mockResolvedValue(undefined),
    suspend: jest.fn().mockResolvedValue(undefined),
    resume: jest.fn().mockResolvedValue(undefined),
    getDiff: jest.fn(),
    listOperations: jest.fn().mockResolvedValue({ items: [] }),
    getHistory: jest.fn().mockResolvedValue({ items: [] }),
    getOperation: jest.fn(),
    ...overrides,
  } as jest.Mocked<GitOpsApi>;
}

/** A finished deploy to dev, unless told otherwise. */
export function makeOperation(overrides: Partial<Operation> = {}): Operation {
  return {
    id: '6f1c2a4e-0000-4000-8000-000000000001',
    entityRef: 'component:default/payments',
    environment: 'dev',
    kind: 'deploy',
    state: 'succeeded',
    actor: 'user:default/jane.doe',
    fromVersion: '1.4.0',
    toVersion: '1.5.0',
    revision: '3333333ccccccc3333333ccccccc3333333ccccc',
    branch: 'main',
    createdAt: '2026-05-04T10:00:00.000Z',
    startedAt: '2026-05-04T10:00:00.500Z',
    finishedAt: '2026-05-04T10:00:02.700Z',
    ...overrides,
  };
}

/** A dry run's answer: the version change and a one-line patch. */
export function makeDryRun(
  environment = 'dev',
  fromVersion = '1.4.0',
  toVersion = '1.5.0',
) {
  return {
    dryRun: {
      environment,
      fromVersion,
      toVersion,
      diff: {
        files: [
          {
            path: `apps/payments/envs/${environment}/kustomization.yaml`,
            change: 'modified' as const,
          },
        ],
        patch: [
          `diff --git a/apps/payments/envs/${environment}/kustomization.yaml b/apps/payments/envs/${environment}/kustomization.yaml`,
          `--- a/apps/payments/envs/${environment}/kustomization.yaml`,
          `+++ b/apps/payments/envs/${environment}/kustomization.yaml`,
          '@@ -4,3 +4,3 @@ images:',
          '   - name: ghcr.io/acme/payments',
          `-    newTag: ${fromVersion}`,
          `+    newTag: ${toVersion}`,
          '',
        ].join('\n'),
      },
    },
  };
}

let entityCount = 0;

/**
 * The payments entity under a name no other test used. `usePermission`
 * caches decisions per entity reference for the whole test file, so a test
 * that changes permissions needs an entity of its own.
 */
export function makeUniqueEntity() {
  const entity = makeEntity();
  entityCount += 1;
  entity.metadata.name = `payments-${entityCount}`;
  return entity;
}

/** Renders part of the tab for an entity (payments) with these APIs. */
export function renderForEntity(
  element: ReactElement,
  api: GitOpsApi,
  permissionApi: PermissionApi = mockApis.permission(),
  entity = makeEntity(),
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [gitopsApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
  );
}
