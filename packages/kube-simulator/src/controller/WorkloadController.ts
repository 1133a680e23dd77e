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

import { ObjectService, timestamp } from '../api/ObjectService';
import { deepEqual } from '../objects/deepEqual';
import { JsonObject } from '../objects/isObject';
import { ResourceType } from '../resources/ResourceType';
import { ObjectRef, ObjectStore, StoreEvent } from '../store/ObjectStore';
import { Condition, setCondition } from './setCondition';
import { NODE_NAME, PodStage, isPodReady, podStatus } from './podStatus';
import { templateHash } from './templateHash';

export interface WorkloadControllerOptions {
  /** Time between reconcile rounds. */
  tickMs: number;
  /** Rounds a failing Deployment rollout waits before ProgressDeadlineExceeded. */
  progressDeadlineTicks?: number;
  /**
   * Most objects reconciled in one round; the rest wait for the next, so a
   * bulk apply of thousands of workloads never stalls the API server.
   */
  maxPerTick?: number;
}

const PODS = 'pods.';
const REPLICASETS = 'replicasets.apps';
const DEPLOYMENTS = 'deployments.apps';
const STATEFULSETS = 'statefulsets.apps';
const DAEMONSETS = 'daemonsets.apps';
const JOBS = 'jobs.batch';
const PVCS = 'persistentvolumeclaims.';
const SERVICES = 'services.';
const INGRESSES = 'ingresses.networking.k8s.io';

const reconciled = new Set([
  PODS,
  REPLICASETS,
  DEPLOYMENTS,
  STATEFULSETS,
  DAEMONSETS,
  JOBS,
  PVCS,
  SERVICES,
  INGRESSES,
]);
const ownerResources: Record<string, string> = {
  ReplicaSet: REPLICASETS,
  Deployment: DEPLOYMENTS,
  StatefulSet: STATEFULSETS,
  DaemonSet: DAEMONSETS,
  Job: JOBS,
};

/**
 * The simulated kube-controller-manager and kubelet: Deployments own
 * ReplicaSets, which own Pods; StatefulSets, DaemonSets and Jobs own Pods;
 * each object moves one step per tick, so status evolves over a few rounds
 * as on a real cluster. Only objects that changed are reconciled — a round
 * never scans the whole store.
 */
export class WorkloadController {
  private queue = new Map<string, ObjectRef>();
  private readonly failing = new Set<string>();
  private readonly rolloutStart = new Map<
    string,
    { hash: string; tick: number }
  >();
  private timer: NodeJS.Timeout | undefined;
  private tickCount = 0;
  private podCounter = 0;
  private unsubscribe: () => void = () => {};

  constructor(
    private readonly service: ObjectService,
    private readonly store: ObjectStore,
    private readonly options: WorkloadControllerOptions,
  ) {}

  /**
   * Starts observing changes; `automatic` also runs a round every tick,
   * otherwise rounds run only when `tick()` is called.
   */
  start(automatic = true): void {
    this.unsubscribe = this.store.subscribeAll(event => this.observe(event));
    if (automatic) {
      this.timer = setInterval(() => this.tick(), this.options.tickMs);
      this.timer.unref();
    }
  }

  stop(): void {
    this.unsubscribe();
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /**
   * From now on pods of this workload crash, so its rollouts never finish
   * and a Deployment's turns Degraded (ProgressDeadlineExceeded).
   */
  failRollouts(namespace: string, name: string): void {
    this.failing.add(`${namespace}/${name}`);
    this.enqueueWorkload(namespace, name);
  }

  /** Undoes failRollouts: new pods of this workload start normally again. */
  healRollouts(namespace: string, name: string): void {
    this.failing.delete(`${namespace}/${name}`);
    this.enqueueWorkload(namespace, name);
    for (const pod of this.store.list(PODS, namespace)) {
      if (
        pod.status?.phase === 'Running' &&
        !isPodReady(pod) &&
        !this.isFailing(pod)
      ) {
        this.enqueue({ resource: PODS, namespace, name: pod.metadata.name });
      }
    }
  }

  /** One reconcile round over everything that changed since the last. */
  tick(): void {
    this.tickCount += 1;
    const limit = this.options.maxPerTick ?? 1000;
    const entries = [...this.queue.entries()];
    const work = entries.slice(0, limit).map(([, ref]) => ref);
    this.queue = new Map(entries.slice(limit));
    for (const ref of work) {
      const object = this.store.get(ref.resource, ref.namespace, ref.name);
      if (!object || object.metadata.deletionTimestamp) {
        continue;
      }
      switch (ref.resource) {
        case DEPLOYMENTS:
          this.reconcileDeployment(object);
          break;
        case REPLICASETS:
          this.reconcileReplicaSet(object);
          break;
        case STATEFULSETS:
          this.reconcileStatefulSet(object);
          break;
        case DAEMONSETS:
          this.reconcileDaemonSet(object);
          break;
        case JOBS:
          this.reconcileJob(object);
          break;
        case PODS:
          this.reconcilePod(object);
          break;
        case PVCS:
          this.reconcileClaim(object);
          break;
        default:
          this.reconcileLoadBalancer(ref.resource, object);
      }
    }
  }

  private observe(event: StoreEvent): void {
    if (!reconciled.has(event.resource)) {
      return;
    }
    const {
      namespace = '',
      name,
      ownerReferences = [],
    } = event.object.metadata;
    if (event.type !== 'DELETED') {
      this.enqueue({ resource: event.resource, namespace, name });
    }
    for (const owner of ownerReferences) {
      const resource = ownerResources[owner.kind];
      if (resource) {
        this.enqueue({ resource, namespace, name: owner.name });
      }
    }
  }

  private enqueue(ref: ObjectRef): void {
    this.queue.set(`${ref.resource}/${ref.namespace}/${ref.name}`, ref);
  }

  private enqueueWorkload(namespace: string, name: string): void {
    for (const resource of [DEPLOYMENTS, STATEFULSETS, DAEMONSETS, JOBS]) {
      this.enqueue({ resource, namespace, name });
    }
  }

  private now(): string {
    return timestamp(new Date());
  }

  private type(resource: string): ResourceType {
    const type = this.service.typeForKey(resource);
    if (!type) {
      throw new Error(`the simulator does not serve ${resource}`);
    }
    return type;
  }

  private owned(owner: JsonObject, resource: string): JsonObject[] {
    return this.store
      .dependentsOf(owner.metadata.uid)
      .filter(ref => ref.resource === resource)
      .map(ref => this.store.get(ref.resource, ref.namespace, ref.name))
      .filter(
        (o): o is JsonObject =>
          o !== undefined && !o.metadata.deletionTimestamp,
      );
  }

  private writeStatus(
    resource: string,
    object: JsonObject,
    status: JsonObject,
  ): void {
    if (!deepEqual(object.status, status)) {
      this.service.controllerWrite(this.type(resource), { ...object, status });
    }
  }

  private createOwned(
    resource: string,
    owner: JsonObject,
    object: JsonObject,
  ): void {
    const ownerRef = {
      apiVersion: owner.apiVersion,
      kind: owner.kind,
      name: owner.metadata.name,
      uid: owner.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    };
    object.metadata.namespace = owner.metadata.namespace;
    object.metadata.ownerReferences = [ownerRef];
    this.service.controllerWrite(this.type(resource), object);
  }

  private remove(resource: string, object: JsonObject): void {
    this.service.remove(this.type(resource), object);
  }

  /** Whether a pod (or pod owner) belongs to a workload told to fail. */
  private isFailing(object: JsonObject): boolean {
    const namespace = object.metadata.namespace;
    if (this.failing.has(`${namespace}/${object.metadata.name}`)) {
      return true;
    }
    for (const owner of object.metadata.ownerReferences ?? []) {
      if (this.failing.has(`${namespace}/${owner.name}`)) {
        return true;
      }
      const resource = ownerResources[owner.kind];
      const parent =
        resource && this.store.get(resource, namespace, owner.name);
      if (parent && this.isFailing(parent)) {
        return true;
      }
    }
    return false;
  }

  private newPod(
    template: JsonObject,
    name: string,
    extraLabels: Record<string, string>,
  ): JsonObject {
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        labels: { ...(template.metadata?.labels ?? {}), ...extraLabels },
        ...(template.metadata?.annotations
          ? { annotations: template.metadata.annotations }
          : {}),
      },
      spec: { ...structuredClone(template.spec ?? {}), nodeName: NODE_NAME },
      status: { phase: 'Pending' },
    };
  }

  private podSuffix(): string {
    this.podCounter += 1;
    return templateHash(this.podCounter, 5);
  }

  private reconcilePod(pod: JsonObject): void {
    const phase = pod.status?.phase;
    const jobPod = (pod.metadata.ownerReferences ?? []).some(
      (o: any) => o.kind === 'Job',
    );
    const failing = this.isFailing(pod);
    let stage: PodStage;
    if (phase === 'Succeeded' || phase === 'Failed') {
      return;
    }
    if (!pod.status?.containerStatuses) {
      stage = 'pending';
    } else if (jobPod && phase === 'Running') {
      stage = failing ? 'failed' : 'succeeded';
    } else if (failing && !isPodReady(pod)) {
      stage = 'crashing';
    } else {
      stage = 'running';
    }
    const ip = `10.244.${(this.podCounter >> 8) & 255}.${
      this.podCounter & 255
    }`;
    const status = podStatus(pod, stage, this.now(), pod.status?.podIP ?? ip);
    this.writeStatus(PODS, pod, status);
  }

  private reconcileReplicaSet(rs: JsonObject): void {
    const desired = rs.spec?.replicas ?? 1;
    const pods = this.owned(rs, PODS).sort(byName);
    if (pods.length < desired) {
      for (let i = pods.length; i < desired; i++) {
        const hash = rs.metadata.labels?.['pod-template-hash'];
        this.createOwned(
          PODS,
          rs,
          this.newPod(
            rs.spec.template,
            `${rs.metadata.name}-${this.podSuffix()}`,
            hash ? { 'pod-template-hash': hash } : {},
          ),
        );
      }
    } else if (pods.length > desired) {
      pods.slice(desired).forEach(p => this.remove(PODS, p));
    }
    const live = this.owned(rs, PODS);
    const ready = live.filter(isPodReady).length;
    this.writeStatus(
      REPLICASETS,
      rs,
      compact({
        replicas: live.length,
        fullyLabeledReplicas: live.length,
        readyReplicas: ready,
        availableReplicas: ready,
        observedGeneration: rs.metadata.generation,
      }),
    );
  }

  private reconcileDeployment(d: JsonObject): void {
    const key = `${d.metadata.namespace}/${d.metadata.name}`;
    const desired = d.spec?.replicas ?? 1;
    const template = d.spec?.template ?? {};
    const hash = templateHash(template);
    const all = this.owned(d, REPLICASETS);
    let current = all.find(
      rs => rs.metadata.labels?.['pod-template-hash'] === hash,
    );
    const revision = Math.max(
      0,
      ...all.map(rs =>
        Number(
          rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0,
        ),
      ),
    );
    const now = this.now();
    if (d.spec?.paused) {
      return;
    }
    if (!current) {
      this.createOwned(REPLICASETS, d, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${d.metadata.name}-${hash}`,
          labels: {
            ...(template.metadata?.labels ?? {}),
            'pod-template-hash': hash,
          },
          annotations: {
            'deployment.kubernetes.io/desired-replicas': String(desired),
            'deployment.kubernetes.io/revision': String(revision + 1),
          },
        },
        spec: {
          replicas: desired,
          selector: {
            matchLabels: {
              ...(d.spec?.selector?.matchLabels ?? {}),
              'pod-template-hash': hash,
            },
          },
          template: {
            ...structuredClone(template),
            metadata: {
              ...(template.metadata ?? {}),
              labels: {
                ...(template.metadata?.labels ?? {}),
                'pod-template-hash': hash,
              },
            },
          },
        },
        status: { replicas: 0 },
      });
      this.rolloutStart.set(key, { hash, tick: this.tickCount });
      current = this.store.get(
        REPLICASETS,
        d.metadata.namespace,
        `${d.metadata.name}-${hash}`,
      );
    } else if ((current.spec?.replicas ?? 1) !== desired) {
      this.service.controllerWrite(this.type(REPLICASETS), {
        ...current,
        spec: { ...current.spec, replicas: desired },
      });
    }
    if (!current) {
      return;
    }
    const old = all.filter(
      rs => rs !== current && rs.metadata.name !== current!.metadata.name,
    );
    const currentAvailable = current.status?.availableReplicas ?? 0;
    if (currentAvailable >= desired) {
      for (const rs of old) {
        if ((rs.spec?.replicas ?? 1) !== 0) {
          this.service.controllerWrite(this.type(REPLICASETS), {
            ...rs,
            spec: { ...rs.spec, replicas: 0 },
          });
        }
      }
    }
    const sets = [current, ...old];
    const sum = (f: (rs: JsonObject) => number) =>
      sets.reduce((n, rs) => n + f(rs), 0);
    const replicas = sum(rs => rs.status?.replicas ?? 0);
    const available = sum(rs => rs.status?.availableReplicas ?? 0);
    const updated = current.status?.replicas ?? 0;
    const complete =
      updated === desired &&
      currentAvailable >= desired &&
      replicas === desired &&
      current.status?.observedGeneration === current.metadata.generation;
    const rsName = current.metadata.name;
    const start = this.rolloutStart.get(key);
    if (!start || start.hash !== hash) {
      this.rolloutStart.set(key, { hash, tick: this.tickCount });
    }
    const elapsed =
      this.tickCount - (this.rolloutStart.get(key)?.tick ?? this.tickCount);
    const deadline = this.options.progressDeadlineTicks ?? 5;
    const failing = this.isFailing(d);
    let conditions = d.status?.conditions;
    conditions = setCondition(
      conditions,
      available >= desired
        ? {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
          }
        : {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
          },
      now,
      { withUpdateTime: true },
    );
    const previousProgress = (d.status?.conditions ?? []).find(
      (c: any) => c.type === 'Progressing',
    );
    const exceeded =
      !complete &&
      failing &&
      (elapsed >= deadline ||
        (previousProgress?.reason === 'ProgressDeadlineExceeded' &&
          previousProgress.message?.includes(rsName)));
    let progress: Omit<Condition, 'lastTransitionTime' | 'lastUpdateTime'>;
    if (complete) {
      progress = {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${rsName}" has successfully progressed.`,
      };
    } else if (exceeded) {
      progress = {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: `ReplicaSet "${rsName}" has timed out progressing.`,
      };
    } else {
      progress = {
        type: 'Progressing',
        status: 'True',
        reason: 'ReplicaSetUpdated',
        message: `ReplicaSet "${rsName}" is progressing.`,
      };
    }
    conditions = setCondition(conditions, progress, now, {
      withUpdateTime: true,
    });
    this.writeStatus(
      DEPLOYMENTS,
      d,
      compact({
        observedGeneration: d.metadata.generation,
        replicas,
        updatedReplicas: updated,
        readyReplicas: sum(rs => rs.status?.readyReplicas ?? 0),
        availableReplicas: available,
        unavailableReplicas: Math.max(0, desired - available),
        conditions,
      }),
    );
    if (!complete && failing && !exceeded) {
      // Nothing else changes while a failing rollout waits for its deadline.
      this.enqueue({
        resource: DEPLOYMENTS,
        namespace: d.metadata.namespace,
        name: d.metadata.name,
      });
    }
  }

  private reconcileStatefulSet(sts: JsonObject): void {
    const desired = sts.spec?.replicas ?? 1;
    const revision = `${sts.metadata.name}-${templateHash(
      sts.spec?.template ?? {},
    )}`;
    const pods = this.owned(sts, PODS);
    const byOrdinal = new Map(pods.map(p => [ordinal(p.metadata.name), p]));
    const allReady = pods.every(isPodReady);
    const excess = pods
      .filter(p => ordinal(p.metadata.name) >= desired)
      .sort((a, b) => ordinal(b.metadata.name) - ordinal(a.metadata.name));
    const stale = pods
      .filter(
        p =>
          p.metadata.labels?.['controller-revision-hash'] !== revision &&
          ordinal(p.metadata.name) < desired,
      )
      .sort((a, b) => ordinal(b.metadata.name) - ordinal(a.metadata.name));
    if (excess.length > 0) {
      this.remove(PODS, excess[0]);
    } else if (allReady) {
      // OrderedReady: the next pod only once all before it are ready.
      const missing = [...Array(desired).keys()].find(i => !byOrdinal.has(i));
      if (missing !== undefined) {
        this.createOwned(
          PODS,
          sts,
          this.newPod(sts.spec.template, `${sts.metadata.name}-${missing}`, {
            'controller-revision-hash': revision,
            'statefulset.kubernetes.io/pod-name': `${sts.metadata.name}-${missing}`,
          }),
        );
      } else if (stale.length > 0) {
        this.remove(PODS, stale[0]);
      }
    }
    const live = this.owned(sts, PODS);
    const ready = live.filter(isPodReady).length;
    const updatedPods = live.filter(
      p => p.metadata.labels?.['controller-revision-hash'] === revision,
    );
    const done = updatedPods.length === desired && ready === desired;
    this.writeStatus(
      STATEFULSETS,
      sts,
      compact({
        observedGeneration: sts.metadata.generation,
        replicas: live.length,
        readyReplicas: ready,
        currentReplicas: done ? live.length : live.length - updatedPods.length,
        updatedReplicas: updatedPods.length,
        availableReplicas: ready,
        currentRevision: done
          ? revision
          : sts.status?.currentRevision ?? revision,
        updateRevision: revision,
        collisionCount: 0,
      }),
    );
  }

  private reconcileDaemonSet(ds: JsonObject): void {
    const hash = templateHash(ds.spec?.template ?? {});
    const pods = this.owned(ds, PODS);
    const stale = pods.filter(
      p => p.metadata.labels?.['controller-revision-hash'] !== hash,
    );
    if (stale.length > 0) {
      stale.forEach(p => this.remove(PODS, p));
    } else if (pods.length === 0) {
      this.createOwned(
        PODS,
        ds,
        this.newPod(
          ds.spec.template,
          `${ds.metadata.name}-${this.podSuffix()}`,
          {
            'controller-revision-hash': hash,
          },
        ),
      );
    }
    const live = this.owned(ds, PODS);
    const ready = live.filter(isPodReady).length;
    const updated = live.filter(
      p => p.metadata.labels?.['controller-revision-hash'] === hash,
    ).length;
    this.writeStatus(DAEMONSETS, ds, {
      currentNumberScheduled: live.length,
      desiredNumberScheduled: 1,
      numberMisscheduled: 0,
      numberReady: ready,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: updated,
      numberAvailable: ready,
      ...(ready < 1 ? { numberUnavailable: 1 - ready } : {}),
    });
  }

  private reconcileJob(job: JsonObject): void {
    if (
      (job.status?.conditions ?? []).some(
        (c: any) =>
          ['Complete', 'Failed'].includes(c.type) && c.status === 'True',
      )
    ) {
      return;
    }
    const completions = job.spec?.completions ?? 1;
    const parallelism = job.spec?.parallelism ?? 1;
    const pods = this.owned(job, PODS);
    const succeeded = pods.filter(p => p.status?.phase === 'Succeeded').length;
    const failed = pods.filter(p => p.status?.phase === 'Failed').length;
    const active = pods.length - succeeded - failed;
    const now = this.now();
    if (
      failed === 0 &&
      succeeded + active < completions &&
      active < parallelism
    ) {
      this.createOwned(
        PODS,
        job,
        this.newPod(
          job.spec.template,
          `${job.metadata.name}-${this.podSuffix()}`,
          {
            'batch.kubernetes.io/job-name': job.metadata.name,
            'job-name': job.metadata.name,
          },
        ),
      );
    }
    let conditions = job.status?.conditions;
    if (succeeded >= completions) {
      conditions = setCondition(
        conditions,
        {
          type: 'SuccessCriteriaMet',
          status: 'True',
          reason: 'CompletionsReached',
          message: 'Reached expected number of succeeded pods',
        },
        now,
      );
      conditions = setCondition(
        conditions,
        {
          type: 'Complete',
          status: 'True',
          reason: 'CompletionsReached',
          message: 'Reached expected number of succeeded pods',
        },
        now,
      );
    } else if (failed > 0) {
      conditions = setCondition(
        conditions,
        {
          type: 'FailureTarget',
          status: 'True',
          reason: 'BackoffLimitExceeded',
          message: 'Job has reached the specified backoff limit',
        },
        now,
      );
      conditions = setCondition(
        conditions,
        {
          type: 'Failed',
          status: 'True',
          reason: 'BackoffLimitExceeded',
          message: 'Job has reached the specified backoff limit',
        },
        now,
      );
    }
    const live = this.owned(job, PODS);
    const nowActive = live.filter(
      p => !['Succeeded', 'Failed'].includes(p.status?.phase),
    ).length;
    this.writeStatus(
      JOBS,
      job,
      compact({
        startTime: job.status?.startTime ?? now,
        active: nowActive,
        succeeded,
        failed,
        ready: live.filter(isPodReady).length,
        ...(succeeded >= completions
          ? { completionTime: job.status?.completionTime ?? now }
          : {}),
        ...(conditions ? { conditions } : {}),
      }),
    );
  }

  private reconcileClaim(pvc: JsonObject): void {
    if (pvc.status?.phase === 'Bound') {
      return;
    }
    const volumeName = `pvc-${pvc.metadata.uid}`;
    const bound = {
      ...pvc,
      spec: { ...pvc.spec, volumeName },
      status: {
        phase: 'Bound',
        accessModes: pvc.spec?.accessModes ?? ['ReadWriteOnce'],
        capacity: { storage: pvc.spec?.resources?.requests?.storage ?? '1Gi' },
      },
    };
    this.service.controllerWrite(this.type(PVCS), bound);
  }

  private reconcileLoadBalancer(resource: string, object: JsonObject): void {
    const wantsAddress =
      resource === INGRESSES || object.spec?.type === 'LoadBalancer';
    if (!wantsAddress || object.status?.loadBalancer?.ingress) {
      return;
    }
    this.writeStatus(resource, object, {
      ...(object.status ?? {}),
      loadBalancer: { ingress: [{ ip: '127.0.0.1' }] },
    });
  }
}

function byName(a: JsonObject, b: JsonObject): number {
  return a.metadata.name < b.metadata.name ? -1 : 1;
}

function ordinal(name: string): number {
  return Number(name.slice(name.lastIndexOf('-') + 1));
}

/** Drops zero counters, as the API's omitempty serialisation does. */
function compact(status: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(status).filter(([, v]) => v !== 0 && v !== undefined),
  );
}
