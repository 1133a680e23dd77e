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

import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { ObjectService, PatchType } from '../api/ObjectService';
import { StatusError } from '../api/StatusError';
import { ResourceRegistry } from '../resources/ResourceRegistry';
import { resourceKey } from '../resources/ResourceType';
import { ObjectStore } from '../store/ObjectStore';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  coreApiVersions,
} from './discovery';
import { ApiPath, parseApiPath } from './parseApiPath';
import { readBody } from './readBody';
import { serveWatch } from './serveWatch';
import { TlsMaterial } from './selfSignedCertificate';

export interface ClusterServerOptions {
  name: string;
  host: string;
  port: number;
  token: string;
  bookmarkIntervalMs: number;
  /** Serve HTTPS with this key and certificate instead of HTTP. */
  tls?: TlsMaterial;
}

/** How an unavailable cluster fails: refused connections or 503 answers. */
export type UnavailableMode = 'refuse' | 'status';

const patchTypes: Record<string, PatchType> = {
  'application/apply-patch+yaml': 'apply',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/json-patch+json': 'json',
};

/**
 * The HTTP face of one simulated cluster: bearer-token authentication,
 * discovery, the REST verbs and watches, plus the faults tests inject
 * (latency, unavailability).
 */
export class ClusterServer {
  private readonly server: http.Server | https.Server;
  private readonly sockets = new Set<Socket>();
  private readonly watches = new Set<() => void>();
  private latencyMs = 0;
  private unavailable: UnavailableMode | undefined;
  private port: number;

  constructor(
    private readonly options: ClusterServerOptions,
    private readonly store: ObjectStore,
    private readonly registry: ResourceRegistry,
    private readonly service: ObjectService,
  ) {
    this.port = options.port;
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch(error => this.fail(res, error));
    };
    this.server = options.tls
      ? https.createServer(
          { key: options.tls.key, cert: options.tls.cert },
          handler,
        )
      : http.createServer(handler);
    this.server.on(options.tls ? 'secureConnection' : 'connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get url(): string {
    const scheme = this.options.tls ? 'https' : 'http';
    const host = this.options.host.includes(':')
      ? `[${this.options.host}]`
      : this.options.host;
    return `${scheme}://${host}:${this.port}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.watches.forEach(end => end());
    this.watches.clear();
    if (!this.server.listening) {
      return;
    }
    const closed = new Promise<void>(resolve =>
      this.server.close(() => resolve()),
    );
    this.sockets.forEach(s => s.destroy());
    await closed;
  }

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  /**
   * Makes the cluster unreachable. 'refuse' closes the listening socket so
   * connections are refused; 'status' answers every request with 503.
   */
  async setUnavailable(
    unavailable: boolean,
    mode: UnavailableMode = 'refuse',
  ): Promise<void> {
    if (unavailable) {
      this.unavailable = mode;
      if (mode === 'refuse') {
        await this.close();
      }
      return;
    }
    const wasRefusing = this.unavailable === 'refuse';
    this.unavailable = undefined;
    if (wasRefusing) {
      await this.listen();
    }
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    if (this.latencyMs > 0) {
      await new Promise(resolve => setTimeout(resolve, this.latencyMs));
    }
    if (this.unavailable) {
      throw new StatusError(
        503,
        'ServiceUnavailable',
        'the server is currently unable to handle the request',
      );
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = parseApiPath(url.pathname);
    if (path.kind === 'health') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (path.kind === 'version') {
      this.send(res, 200, {
        major: '1',
        minor: '33',
        gitVersion: 'v1.33.0-slipway-simulator',
        platform: 'linux/amd64',
      });
      return;
    }
    if (req.headers.authorization !== `Bearer ${this.options.token}`) {
      throw new StatusError(401, 'Unauthorized', 'Unauthorized');
    }
    if (path.kind !== 'resource') {
      this.send(res, 200, this.discovery(path));
      return;
    }
    await this.handleResource(req, res, url.searchParams, path);
  }

  private discovery(path: Exclude<ApiPath, { kind: 'resource' }>): unknown {
    let document: unknown;
    switch (path.kind) {
      case 'api':
        document = coreApiVersions(`${this.options.host}:${this.port}`);
        break;
      case 'apis':
        document = apiGroupList(this.registry);
        break;
      case 'group':
        document = apiGroup(this.registry, path.group);
        break;
      case 'groupVersion':
        document = apiResourceList(this.registry, path.group, path.version);
        break;
      default:
        document = undefined;
    }
    if (!document) {
      throw StatusError.unknownResource();
    }
    return document;
  }

  private async handleResource(
    req: IncomingMessage,
    res: ServerResponse,
    query: URLSearchParams,
    path: Extract<ApiPath, { kind: 'resource' }>,
  ): Promise<void> {
    const type = this.registry.byResource(
      path.group,
      path.version,
      path.plural,
    );
    if (
      !type ||
      (path.subresource && (path.subresource !== 'status' || !type.hasStatus))
    ) {
      throw StatusError.unknownResource();
    }
    const namespace = type.namespaced ? path.namespace ?? '' : '';
    if (type.namespaced && path.name && !path.namespace) {
      throw StatusError.unknownResource();
    }
    const dryRun = parseDryRun(query);
    const write = {
      dryRun,
      fieldManager: query.get('fieldManager') ?? undefined,
      userAgent: req.headers['user-agent'],
      subresource: path.subresource as 'status' | undefined,
    };
    const method = req.method ?? 'GET';
    const isWatch =
      path.watch || ['true', '1'].includes(query.get('watch') ?? '');

    if (method === 'GET' && isWatch) {
      const end = serveWatch(
        this.store,
        {
          type,
          namespace: path.namespace,
          labelSelector: query.get('labelSelector') ?? undefined,
          fieldSelector: path.name
            ? joinSelectors(
                `metadata.name=${path.name}`,
                query.get('fieldSelector'),
              )
            : query.get('fieldSelector') ?? undefined,
          resourceVersion: query.get('resourceVersion') ?? undefined,
          allowWatchBookmarks: query.get('allowWatchBookmarks') === 'true',
          timeoutSeconds: Number(query.get('timeoutSeconds') ?? 0) || undefined,
          bookmarkIntervalMs: this.options.bookmarkIntervalMs,
        },
        res,
      );
      this.watches.add(end);
      res.on('close', () => this.watches.delete(end));
      return;
    }

    const list = {
      labelSelector: query.get('labelSelector') ?? undefined,
      fieldSelector: query.get('fieldSelector') ?? undefined,
    };
    switch (method) {
      case 'GET':
        if (path.name) {
          this.send(res, 200, this.service.get(type, namespace, path.name));
        } else {
          this.send(res, 200, this.service.list(type, path.namespace, list));
        }
        return;
      case 'POST': {
        if (path.name) {
          throw new StatusError(
            405,
            'MethodNotAllowed',
            'the server does not allow this method on the requested resource',
          );
        }
        const body = await readBody(req);
        this.send(res, 201, this.service.create(type, namespace, body, write));
        return;
      }
      case 'PUT': {
        const body = await readBody(req);
        this.send(
          res,
          200,
          this.service.replace(
            type,
            namespace,
            requireName(path.name),
            body,
            write,
          ),
        );
        return;
      }
      case 'PATCH': {
        const contentType = String(req.headers['content-type'] ?? '')
          .split(';')[0]
          .trim();
        const patchType = patchTypes[contentType];
        if (!patchType) {
          throw new StatusError(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: ${Object.keys(
              patchTypes,
            ).join(', ')}`,
          );
        }
        const body = await readBody(req);
        const name = requireName(path.name);
        const existed =
          this.store.get(resourceKey(type), namespace, name) !== undefined;
        const result = this.service.patch(
          type,
          namespace,
          name,
          patchType,
          body,
          {
            ...write,
            force: query.get('force') === 'true',
          },
        );
        this.send(res, existed || patchType !== 'apply' ? 200 : 201, result);
        return;
      }
      case 'DELETE': {
        const body = (await readBody(req)) as Record<string, any> | undefined;
        const options = {
          dryRun:
            dryRun ||
            (Array.isArray(body?.dryRun) && body!.dryRun.includes('All')),
          propagationPolicy:
            query.get('propagationPolicy') ?? body?.propagationPolicy,
        };
        if (path.name) {
          this.send(
            res,
            200,
            this.service.delete(type, namespace, path.name, options),
          );
        } else {
          this.send(
            res,
            200,
            this.service.deleteCollection(type, path.namespace, {
              ...list,
              ...options,
            }),
          );
        }
        return;
      }
      default:
        throw new StatusError(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
    }
  }

  private send(res: ServerResponse, code: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(code, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  private fail(res: ServerResponse, error: unknown): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const status =
      error instanceof StatusError
        ? error
        : new StatusError(
            500,
            'InternalError',
            `Internal error occurred: ${
              (error as Error)?.message ?? String(error)
            }`,
          );
    this.send(res, status.code, status.toStatus());
  }
}

function parseDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const value of values) {
    if (value !== 'All') {
      throw StatusError.badRequest(
        `Invalid dry run value: [${values.join(' ')}]: supported values: "All"`,
      );
    }
  }
  return values.length > 0;
}

function requireName(name: string | undefined): string {
  if (!name) {
    throw new StatusError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  }
  return name;
}

function joinSelectors(a: string, b: string | null): string {
  return b ? `${a},${b}` : a;
}
