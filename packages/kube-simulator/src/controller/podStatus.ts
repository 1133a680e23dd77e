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

import { JsonObject } from '../objects/isObject';

/** The simulated node every pod is scheduled on. */
export const NODE_NAME = 'slipway-sim-node';
const HOST_IP = '10.0.0.10';

/** How far a simulated pod has come; each step is one controller tick. */
export type PodStage =
  | 'pending'
  | 'running'
  | 'crashing'
  | 'succeeded'
  | 'failed';

/** A pod's status at a stage, shaped like the kubelet reports it. */
export function podStatus(
  pod: JsonObject,
  stage: PodStage,
  now: string,
  podIp: string,
): JsonObject {
  const containers: JsonObject[] = pod.spec?.containers ?? [];
  const started = pod.status?.startTime ?? now;
  const scheduled = {
    type: 'PodScheduled',
    status: 'True',
    lastTransitionTime:
      pod.status?.conditions?.find((c: any) => c.type === 'PodScheduled')
        ?.lastTransitionTime ?? now,
  };
  if (stage === 'pending') {
    return {
      phase: 'Pending',
      conditions: [scheduled],
      hostIP: HOST_IP,
      startTime: started,
      containerStatuses: containers.map(c => ({
        name: c.name,
        image: c.image,
        imageID: '',
        ready: false,
        restartCount: 0,
        started: false,
        state: { waiting: { reason: 'ContainerCreating' } },
      })),
    };
  }
  const ready = stage === 'running';
  const phase = {
    running: 'Running',
    crashing: 'Running',
    succeeded: 'Succeeded',
    failed: 'Failed',
  }[stage];
  const readyStatus = ready ? 'True' : 'False';
  const wasReady = (pod.status?.conditions ?? []).find(
    (c: any) => c.type === 'Ready',
  )?.status;
  // Timestamps and container states carry over only while nothing changed.
  const since =
    pod.status?.phase === phase && wasReady === readyStatus
      ? pod.status
      : undefined;
  const state = (c: JsonObject): JsonObject => {
    switch (stage) {
      case 'running':
        return { running: { startedAt: started } };
      case 'crashing':
        return {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off 10s restarting failed container=${c.name} pod=${pod.metadata.name}`,
          },
        };
      case 'succeeded':
        return {
          terminated: {
            exitCode: 0,
            reason: 'Completed',
            startedAt: started,
            finishedAt: now,
          },
        };
      default:
        return {
          terminated: {
            exitCode: 1,
            reason: 'Error',
            startedAt: started,
            finishedAt: now,
          },
        };
    }
  };
  const transition = (type: string) =>
    since?.conditions?.find((c: any) => c.type === type)?.lastTransitionTime ??
    now;
  return {
    phase,
    conditions: [
      {
        type: 'Initialized',
        status: 'True',
        lastTransitionTime: transition('Initialized'),
      },
      {
        type: 'Ready',
        status: readyStatus,
        lastTransitionTime: transition('Ready'),
      },
      {
        type: 'ContainersReady',
        status: readyStatus,
        lastTransitionTime: transition('ContainersReady'),
      },
      scheduled,
    ],
    hostIP: HOST_IP,
    podIP: podIp,
    podIPs: [{ ip: podIp }],
    startTime: started,
    containerStatuses: containers.map(c => ({
      name: c.name,
      image: c.image,
      imageID: `${c.image}@sha256:${'0'.repeat(64)}`,
      ready,
      restartCount: stage === 'crashing' ? 1 : 0,
      started: stage === 'running',
      state:
        since?.containerStatuses?.find((s: any) => s.name === c.name)?.state ??
        state(c),
    })),
  };
}

export function isPodReady(pod: JsonObject): boolean {
  return (
    pod.status?.phase === 'Running' &&
    (pod.status?.conditions ?? []).some(
      (c: any) => c.type === 'Ready' && c.status === 'True',
    )
  );
}
