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

import { ResourceType } from './ResourceType';

function type(
  group: string,
  version: string,
  kind: string,
  plural: string,
  options: {
    namespaced?: boolean;
    shortNames?: string[];
    hasStatus?: boolean;
    categories?: string[];
  } = {},
): ResourceType {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: options.namespaced ?? true,
    shortNames: options.shortNames ?? [],
    categories: options.categories ?? [],
    hasStatus: options.hasStatus ?? false,
  };
}

const all = ['all'];

/** The kinds served before any CustomResourceDefinition is created. */
export const builtinResourceTypes: ResourceType[] = [
  type('', 'v1', 'Namespace', 'namespaces', {
    namespaced: false,
    shortNames: ['ns'],
    hasStatus: true,
  }),
  type('', 'v1', 'ConfigMap', 'configmaps', { shortNames: ['cm'] }),
  type('', 'v1', 'Secret', 'secrets'),
  type('', 'v1', 'Service', 'services', {
    shortNames: ['svc'],
    hasStatus: true,
    categories: all,
  }),
  type('', 'v1', 'ServiceAccount', 'serviceaccounts', { shortNames: ['sa'] }),
  type('', 'v1', 'Pod', 'pods', {
    shortNames: ['po'],
    hasStatus: true,
    categories: all,
  }),
  type('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', {
    shortNames: ['pvc'],
    hasStatus: true,
  }),
  type('', 'v1', 'Endpoints', 'endpoints', { shortNames: ['ep'] }),
  type('', 'v1', 'Event', 'events', { shortNames: ['ev'] }),
  type('apps', 'v1', 'Deployment', 'deployments', {
    shortNames: ['deploy'],
    hasStatus: true,
    categories: all,
  }),
  type('apps', 'v1', 'StatefulSet', 'statefulsets', {
    shortNames: ['sts'],
    hasStatus: true,
    categories: all,
  }),
  type('apps', 'v1', 'DaemonSet', 'daemonsets', {
    shortNames: ['ds'],
    hasStatus: true,
    categories: all,
  }),
  type('apps', 'v1', 'ReplicaSet', 'replicasets', {
    shortNames: ['rs'],
    hasStatus: true,
    categories: all,
  }),
  type('batch', 'v1', 'Job', 'jobs', { hasStatus: true, categories: all }),
  type('batch', 'v1', 'CronJob', 'cronjobs', {
    shortNames: ['cj'],
    hasStatus: true,
    categories: all,
  }),
  type('networking.k8s.io', 'v1', 'Ingress', 'ingresses', {
    shortNames: ['ing'],
    hasStatus: true,
  }),
  type(
    'autoscaling',
    'v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
    {
      shortNames: ['hpa'],
      hasStatus: true,
      categories: all,
    },
  ),
  type('rbac.authorization.k8s.io', 'v1', 'Role', 'roles'),
  type('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings'),
  type('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', {
    namespaced: false,
  }),
  type(
    'rbac.authorization.k8s.io',
    'v1',
    'ClusterRoleBinding',
    'clusterrolebindings',
    { namespaced: false },
  ),
  type(
    'apiextensions.k8s.io',
    'v1',
    'CustomResourceDefinition',
    'customresourcedefinitions',
    { namespaced: false, shortNames: ['crd', 'crds'], hasStatus: true },
  ),
];
