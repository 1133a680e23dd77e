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

import { ObjectService } from '../api/ObjectService';
import { ResourceRegistry } from '../resources/ResourceRegistry';
import { ObjectStore } from '../store/ObjectStore';
import { WorkloadController } from './WorkloadController';

function setup(progressDeadlineTicks = 2) {
  const store = new ObjectStore();
  const registry = new ResourceRegistry();
  const service = new ObjectService(store, registry);
  const controller = new WorkloadController(service, store, {
    tickMs: 1000,
    progressDeadlineTicks,
  });
  controller.start(false);
  service.create(
    registry.byResource('', 'v1', 'namespaces')!,
    '',
    { metadata: { name: 'shop' } },
    { fieldManager: 'test' },
  );
  const deployments = registry.byResource('apps', 'v1', 'deployments')!;
  const apply = (image: string) =>
    service.patch(
      deployments,
      'shop',
      'web',
      'apply',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'app', image }] },
          },
        },
      },
      { fieldManager: 'test' },
    );
  const deployment = () => service.get(deployments, 'shop', 'web');
  const pods = () => store.list('pods.', 'shop');
  return { controller, apply, deployment, pods, stop: () => controller.stop() };
}

describe('WorkloadController', () => {
  it('moves a Deployment to available one step per round', () => {
    const { controller, apply, deployment, pods, stop } = setup();
    apply('web:1');
    controller.tick();
    expect(deployment().status).toMatchObject({
      observedGeneration: 1,
      conditions: expect.arrayContaining([
        expect.objectContaining({ type: 'Available', status: 'False' }),
      ]),
    });
    controller.tick();
    expect(pods().map(p => p.status.phase)).toEqual(['Pending', 'Pending']);
    controller.tick();
    expect(
      pods().map(p => p.status.containerStatuses[0].state.waiting.reason),
    ).toEqual(['ContainerCreating', 'ContainerCreating']);
    expect(deployment().status.availableReplicas).toBeUndefined();
    for (let i = 0; i < 4; i++) controller.tick();
    expect(pods().map(p => p.status.phase)).toEqual(['Running', 'Running']);
    expect(deployment().status).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    expect(
      deployment().status.conditions.find((c: any) => c.type === 'Progressing'),
    ).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    stop();
  });

  it('stops writing once everything is settled', () => {
    const { controller, apply, deployment, stop } = setup();
    apply('web:1');
    for (let i = 0; i < 10; i++) controller.tick();
    const settled = deployment().metadata.resourceVersion;
    for (let i = 0; i < 5; i++) controller.tick();
    expect(deployment().metadata.resourceVersion).toBe(settled);
    stop();
  });

  it('reports ProgressDeadlineExceeded for a rollout told to fail, keeping the old pods', () => {
    const { controller, apply, deployment, pods, stop } = setup(2);
    apply('web:1');
    for (let i = 0; i < 10; i++) controller.tick();
    controller.failRollouts('shop', 'web');
    apply('web:2');
    for (let i = 0; i < 10; i++) controller.tick();
    const progressing = deployment().status.conditions.find(
      (c: any) => c.type === 'Progressing',
    );
    expect(progressing).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
    });
    expect(deployment().status).toMatchObject({
      observedGeneration: 2,
      availableReplicas: 2,
    });
    const images = pods().map(
      p =>
        `${p.spec.containers[0].image} ${p.status.phase} ${p.status.containerStatuses[0].ready}`,
    );
    expect(images.sort()).toEqual([
      'web:1 Running true',
      'web:1 Running true',
      'web:2 Running false',
      'web:2 Running false',
    ]);
    stop();
  });
});
