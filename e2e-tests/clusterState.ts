import { APIRequestContext, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * What the end-to-end tests read besides the page, to check outcomes and
 * not only text: the e2e config repositories (with git), the cluster the
 * portal and the Argo CD and Flux controllers share (with kubectl), and the
 * backend's API.
 */

export const BACKEND =
  process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';

/** The bare config repository of a demo service in the e2e copy of the demo. */
export function configRepo(service: string): string {
  return path.join(
    __dirname,
    '..',
    '.demo-e2e',
    'repos',
    `${service}-config.git`,
  );
}

/** Runs git on a bare repository; the output, trimmed. */
export function git(repo: string, args: string[]): string {
  return execFileSync('git', ['--git-dir', repo, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
    .toString()
    .trim();
}

/** The env file scripts/gitops-controllers.sh wrote (SLIPWAY_GITOPS_ENV). */
export function gitopsEnv(): Record<string, string> {
  const file = process.env.SLIPWAY_GITOPS_ENV;
  if (!file) {
    throw new Error('SLIPWAY_GITOPS_ENV is not set');
  }
  const env: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) env[match[1]] = match[2];
  }
  return env;
}

/** Runs kubectl against the controllers' cluster; the output. */
export function kubectl(args: string[]): string {
  const kubeconfig = gitopsEnv().KUBECONFIG;
  if (!kubeconfig) {
    throw new Error(`${process.env.SLIPWAY_GITOPS_ENV} names no KUBECONFIG`);
  }
  return execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString();
}

/** One object as JSON, or undefined when it does not exist. */
export function getObject<T = any>(
  resource: string,
  namespace: string,
  name: string,
): T | undefined {
  const out = kubectl([
    'get',
    resource,
    name,
    '-n',
    namespace,
    '-o',
    'json',
    '--ignore-not-found',
  ]);
  return out.trim() ? JSON.parse(out) : undefined;
}

/** A Deployment's image and whether its rollout finished with every replica ready. */
export function deploymentState(namespace: string, name: string) {
  const deployment = getObject('deployment', namespace, name);
  if (!deployment) {
    return undefined;
  }
  const { spec, status = {}, metadata } = deployment;
  return {
    image: spec.template.spec.containers[0].image as string,
    replicas: spec.replicas as number,
    rolledOut:
      (status.observedGeneration ?? 0) >= metadata.generation &&
      status.updatedReplicas === spec.replicas &&
      status.readyReplicas === spec.replicas &&
      status.availableReplicas === spec.replicas &&
      (status.replicas ?? 0) === spec.replicas,
  };
}

/** A token of the demo's guest user, for the backend's API. */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const refresh = await request.get(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(refresh.ok()).toBe(true);
  return (await refresh.json()).backstageIdentity.token;
}

export interface OperationJson {
  id: string;
  kind: string;
  environment: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  revision?: string;
  message?: string;
  createdAt: string;
}

/** Waits until the operation has finished and returns it as the backend records it. */
export async function finishedOperation(
  request: APIRequestContext,
  id: string,
  timeout = 120_000,
): Promise<OperationJson> {
  const token = await guestToken(request);
  let operation: OperationJson | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get(
          `${BACKEND}/api/gitops/operations/${id}`,
          { headers: { Authorization: `Bearer ${token}` } },
        );
        operation = response.ok() ? await response.json() : undefined;
        return operation?.state;
      },
      { timeout, message: `operation ${id} finishes` },
    )
    .toMatch(/^(succeeded|failed)$/);
  return operation!;
}

/** The newest operations of an application in one environment, newest first. */
export async function operationsOf(
  request: APIRequestContext,
  service: string,
  environment: string,
): Promise<OperationJson[]> {
  const token = await guestToken(request);
  const response = await request.get(
    `${BACKEND}/api/gitops/entities/component/default/${service}/operations?environment=${environment}&limit=5`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  expect(response.ok()).toBe(true);
  return (await response.json()).items;
}
