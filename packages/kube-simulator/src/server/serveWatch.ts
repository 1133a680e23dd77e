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

import { ServerResponse } from 'node:http';
import { StatusError } from '../api/StatusError';
import { JsonObject } from '../objects/isObject';
import {
  ResourceType,
  apiVersionOf,
  resourceKey,
} from '../resources/ResourceType';
import { compileFieldSelector } from '../selectors/fieldSelector';
import { compileLabelSelector } from '../selectors/labelSelector';
import { ObjectStore, StoreEvent } from '../store/ObjectStore';

export interface WatchRequest {
  type: ResourceType;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks: boolean;
  timeoutSeconds?: number;
  bookmarkIntervalMs: number;
}

/**
 * Streams a watch as newline-delimited JSON events. Without a
 * resourceVersion (or with "0") it starts with the current objects as
 * ADDED; with one it replays what changed since, or sends a 410 Expired
 * ERROR event when that is older than the change log. Returns a function
 * that ends the stream.
 */
export function serveWatch(
  store: ObjectStore,
  request: WatchRequest,
  res: ServerResponse,
): () => void {
  const { type } = request;
  const key = resourceKey(type);
  const apiVersion = apiVersionOf(type);
  const labels = compileLabelSelector(request.labelSelector);
  const fields = compileFieldSelector(request.fieldSelector);
  const namespace = type.namespaced
    ? request.namespace || undefined
    : undefined;
  const visible = (object: JsonObject) =>
    (namespace === undefined || object.metadata.namespace === namespace) &&
    labels(object.metadata.labels) &&
    fields(object);

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
  });
  // Clients wait for the headers before they consider the watch open.
  res.flushHeaders();
  const send = (eventType: string, object: unknown) => {
    res.write(`${JSON.stringify({ type: eventType, object })}\n`);
  };
  const sendEvent = (event: StoreEvent) => {
    const now = visible(event.object);
    const before = event.previous ? visible(event.previous) : now;
    if (now && before) {
      send(event.type, versioned(event.object, apiVersion));
    } else if (now) {
      // A change that brings an object into the selection adds it, …
      send('ADDED', versioned(event.object, apiVersion));
    } else if (before) {
      // … and one that takes it out deletes it: the API server sends the
      // object as it was, at the new resourceVersion.
      const gone = event.previous!;
      send(
        'DELETED',
        versioned(
          {
            ...gone,
            metadata: {
              ...gone.metadata,
              resourceVersion: String(event.resourceVersion),
            },
          },
          apiVersion,
        ),
      );
    }
  };

  let ended = false;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = () => {};
  const end = () => {
    if (ended) return;
    ended = true;
    unsubscribe();
    timers.forEach(t => clearTimeout(t));
    res.end();
  };
  res.on('close', end);

  const from = request.resourceVersion;
  if (from && from !== '0') {
    const since = Number(from);
    const backlog = Number.isFinite(since)
      ? store.eventsSince(key, since)
      : 'expired';
    if (backlog === 'expired') {
      const error = new StatusError(
        410,
        'Expired',
        `too old resource version: ${from} (${store.currentResourceVersion()})`,
      );
      send('ERROR', error.toStatus());
      end();
      return end;
    }
    backlog.forEach(sendEvent);
  } else {
    store
      .list(key, namespace)
      .filter(visible)
      .forEach(object => send('ADDED', versioned(object, apiVersion)));
    if (request.allowWatchBookmarks) {
      // As the API server does, mark where the initial state ends.
      send('BOOKMARK', {
        kind: type.kind,
        apiVersion,
        metadata: {
          resourceVersion: String(store.currentResourceVersion()),
          annotations: { 'k8s.io/initial-events-end': 'true' },
        },
      });
    }
  }
  unsubscribe = store.subscribe(key, sendEvent);

  if (request.allowWatchBookmarks) {
    const bookmark = setInterval(() => {
      send('BOOKMARK', {
        kind: type.kind,
        apiVersion,
        metadata: { resourceVersion: String(store.currentResourceVersion()) },
      });
    }, request.bookmarkIntervalMs);
    timers.push(bookmark);
  }
  if (request.timeoutSeconds && request.timeoutSeconds > 0) {
    timers.push(setTimeout(end, request.timeoutSeconds * 1000));
  }
  return end;
}

function versioned(object: JsonObject, apiVersion: string): JsonObject {
  return object.apiVersion === apiVersion ? object : { ...object, apiVersion };
}
