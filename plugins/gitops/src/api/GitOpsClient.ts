import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ApplicationStatus,
  EnvironmentDiff,
  HistoryEntry,
  Operation,
  Page,
} from '@slipway/plugin-gitops-common';
import {
  DeliveryResult,
  DeployRequest,
  EngineControlRequest,
  GitOpsApi,
  ListOptions,
  PromoteRequest,
  RollbackRequest,
  SyncRequest,
  SyncResult,
} from './GitOpsApi';

/**
 * Calls the Slipway backend through the portal's discovery and fetch APIs, so
 * the user's identity travels with every request.
 *
 * @public
 */
export class GitOpsClient implements GitOpsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getApplicationStatus(
    entity: CompoundEntityRef,
  ): Promise<ApplicationStatus> {
    return this.request<ApplicationStatus>(`${entityPath(entity)}/status`);
  }

  async deploy(
    entity: CompoundEntityRef,
    request: DeployRequest,
  ): Promise<DeliveryResult> {
    return this.post(`${entityPath(entity)}/deploy`, request);
  }

  async promote(
    entity: CompoundEntityRef,
    request: PromoteRequest,
  ): Promise<DeliveryResult> {
    return this.post(`${entityPath(entity)}/promote`, request);
  }

  async rollback(
    entity: CompoundEntityRef,
    request: RollbackRequest,
  ): Promise<DeliveryResult> {
    return this.post(`${entityPath(entity)}/rollback`, request);
  }

  async sync(
    entity: CompoundEntityRef,
    request: SyncRequest,
  ): Promise<SyncResult> {
    return this.post(`${entityPath(entity)}/sync`, request);
  }

  async terminate(
    entity: CompoundEntityRef,
    request: EngineControlRequest,
  ): Promise<void> {
    await this.post(`${entityPath(entity)}/terminate`, request);
  }

  async suspend(
    entity: CompoundEntityRef,
    request: EngineControlRequest,
  ): Promise<void> {
    await this.post(`${entityPath(entity)}/suspend`, request);
  }

  async resume(
    entity: CompoundEntityRef,
    request: EngineControlRequest,
  ): Promise<void> {
    await this.post(`${entityPath(entity)}/resume`, request);
  }

  async getDiff(
    entity: CompoundEntityRef,
    environment: string,
  ): Promise<EnvironmentDiff> {
    const query = new URLSearchParams({ environment });
    return this.request<EnvironmentDiff>(`${entityPath(entity)}/diff?${query}`);
  }

  async listOperations(
    entity: CompoundEntityRef,
    options: ListOptions = {},
  ): Promise<Page<Operation>> {
    return this.request<Page<Operation>>(
      `${entityPath(entity)}/operations${pageQuery(options)}`,
    );
  }

  async getHistory(
    entity: CompoundEntityRef,
    options: ListOptions & { environment: string },
  ): Promise<Page<HistoryEntry>> {
    return this.request<Page<HistoryEntry>>(
      `${entityPath(entity)}/history${pageQuery(options)}`,
    );
  }

  async getOperation(id: string): Promise<Operation> {
    return this.request<Operation>(`/operations/${encodeURIComponent(id)}`);
  }

  private post<T = DeliveryResult>(path: string, body: object): Promise<T> {
    return this.request<T>(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('gitops');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function entityPath(entity: CompoundEntityRef): string {
  return `/entities/${[entity.kind, entity.namespace, entity.name]
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/')}`;
}

function pageQuery(options: ListOptions): string {
  const query = new URLSearchParams();
  if (options.environment) {
    query.set('environment', options.environment);
  }
  if (options.limit !== undefined) {
    query.set('limit', String(options.limit));
  }
  if (options.offset !== undefined) {
    query.set('offset', String(options.offset));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}
