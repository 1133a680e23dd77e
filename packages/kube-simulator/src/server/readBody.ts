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

import { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { StatusError } from '../api/StatusError';

/** The API server's limit on a request body (3 MiB). */
export const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

/**
 * Reads and decodes a request body: JSON, or YAML for apply patches and
 * `application/yaml`. An oversized body is drained (so the client sees the
 * answer, not a reset) and refused with 413.
 */
export async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size <= MAX_REQUEST_BYTES) {
      chunks.push(chunk);
    }
  }
  if (size > MAX_REQUEST_BYTES) {
    throw new StatusError(
      413,
      'RequestEntityTooLarge',
      `Request entity too large: limit is ${MAX_REQUEST_BYTES}`,
    );
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') {
    return undefined;
  }
  const contentType = String(req.headers['content-type'] ?? '');
  try {
    if (contentType.includes('yaml')) {
      return parseYaml(text);
    }
    return JSON.parse(text);
  } catch (error) {
    throw StatusError.badRequest(
      `the body of the request could not be decoded: ${
        (error as Error).message
      }`,
    );
  }
}
