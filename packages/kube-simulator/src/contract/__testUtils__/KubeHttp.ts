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

import * as http from 'node:http';
import * as https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

export interface KubeResponse {
  status: number;
  body: any;
}

export interface WatchEvent {
  type: string;
  object: any;
}

/** An open watch: its events so far, and a way to wait for more. */
export interface OpenWatch {
  status: number;
  events: WatchEvent[];
  /** True once the server ended the stream. */
  ended(): boolean;
  /** Resolves with the first event (seen or coming) that matches. */
  next(
    match: (event: WatchEvent) => boolean,
    timeoutMs: number,
  ): Promise<WatchEvent>;
  /** Resolves when the server ends the stream. */
  closed(timeoutMs: number): Promise<void>;
  close(): void;
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * The Kubernetes REST protocol over plain HTTP, so the contract suite sees
 * exactly the status codes, bodies and streams a server sends, with the
 * credentials of a client-node KubeConfig.
 */
export class KubeHttp {
  private readonly server: URL;
  private options?: Promise<https.RequestOptions>;

  constructor(private readonly kc: KubeConfig) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) {
      throw new Error('The kubeconfig has no current cluster');
    }
    this.server = new URL(cluster.server);
  }

  async request(
    method: string,
    path: string,
    options: { body?: unknown; contentType?: string; query?: Query } = {},
  ): Promise<KubeResponse> {
    const res = await this.open(method, path, options);
    const text = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      res.on('data', chunk => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text.
    }
    return { status: res.statusCode ?? 0, body };
  }

  get(path: string, query?: Query) {
    return this.request('GET', path, { query });
  }

  create(path: string, body: unknown, query?: Query) {
    return this.request('POST', path, { body, query });
  }

  /** Server-side apply of `body` by `fieldManager`. */
  apply(path: string, body: unknown, query: Query & { fieldManager: string }) {
    return this.request('PATCH', path, {
      body,
      query,
      contentType: 'application/apply-patch+yaml',
    });
  }

  patch(
    path: string,
    body: unknown,
    contentType:
      | 'application/merge-patch+json'
      | 'application/strategic-merge-patch+json'
      | 'application/json-patch+json',
    query?: Query,
  ) {
    return this.request('PATCH', path, { body, contentType, query });
  }

  delete(path: string, query?: Query, body?: unknown) {
    return this.request('DELETE', path, { query, body });
  }

  async watch(path: string, query: Query = {}): Promise<OpenWatch> {
    const res = await this.open('GET', path, {
      query: { ...query, watch: true },
    });
    const events: WatchEvent[] = [];
    const waiters = new Set<() => void>();
    let ended = false;
    let buffered = '';
    const wake = () => waiters.forEach(w => w());
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) events.push(JSON.parse(line));
        newline = buffered.indexOf('\n');
      }
      wake();
    });
    const finish = () => {
      ended = true;
      wake();
    };
    res.on('end', finish);
    res.on('close', finish);
    res.on('error', finish);

    const waitFor = <T>(
      found: () => T | undefined,
      timeoutMs: number,
      what: string,
    ) =>
      new Promise<T>((resolve, reject) => {
        const pending: { timer?: NodeJS.Timeout; check?: () => void } = {};
        const done = () => {
          clearTimeout(pending.timer);
          waiters.delete(pending.check!);
        };
        const check = () => {
          const value = found();
          if (value !== undefined) {
            done();
            resolve(value);
          }
        };
        pending.check = check;
        pending.timer = setTimeout(() => {
          done();
          reject(
            new Error(
              `${what} within ${timeoutMs} ms on ${path}; ${
                events.length
              } events, the last: ${JSON.stringify(
                events.slice(-10).map(e => [e.type, e.object?.metadata?.name]),
              )}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });

    return {
      status: res.statusCode ?? 0,
      events,
      ended: () => ended,
      next: (match, timeoutMs) =>
        waitFor(() => events.find(match), timeoutMs, 'No matching event'),
      closed: timeoutMs =>
        waitFor(() => (ended ? true : undefined), timeoutMs, 'Not closed').then(
          () => undefined,
        ),
      close: () => res.destroy(),
    };
  }

  /** Polls `read` until `done` accepts its result. */
  async eventually<T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
    timeoutMs: number,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) {
        throw new Error(
          `Condition not met within ${timeoutMs} ms; last: ${JSON.stringify(
            value,
          ).slice(0, 2000)}`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }

  async close() {
    const options = await this.options;
    (options?.agent as http.Agent | undefined)?.destroy();
  }

  /** Credentials and TLS settings, read once so one agent serves all calls. */
  private baseOptions(): Promise<https.RequestOptions> {
    this.options ??= (async () => {
      const options: https.RequestOptions = {};
      await this.kc.applyToHTTPSOptions(options);
      if (this.server.protocol === 'http:') {
        options.agent = new http.Agent({ keepAlive: true });
      }
      return options;
    })();
    return this.options;
  }

  private async open(
    method: string,
    path: string,
    options: { body?: unknown; contentType?: string; query?: Query },
  ): Promise<http.IncomingMessage> {
    const url = new URL(path, this.server);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const base = await this.baseOptions();
    const requestOptions: https.RequestOptions = {
      ...base,
      method,
      headers: { ...base.headers, Accept: 'application/json' },
    };
    const payload =
      options.body === undefined ? undefined : JSON.stringify(options.body);
    if (payload !== undefined) {
      requestOptions.headers = {
        ...requestOptions.headers,
        'Content-Type': options.contentType ?? 'application/json',
        'Content-Length': Buffer.byteLength(payload),
      };
    }
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(url, requestOptions, resolve);
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
}
