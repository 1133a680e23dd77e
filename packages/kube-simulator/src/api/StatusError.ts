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

/** The `details` block of a Kubernetes `Status`. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: Array<{ reason?: string; message?: string; field?: string }>;
  retryAfterSeconds?: number;
}

/** A `meta.k8s.io/v1 Status` object, the body of every API failure. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/**
 * An API failure carrying exactly what the real API server would answer:
 * HTTP code, machine-readable reason and the human message clients show.
 */
export class StatusError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details?: StatusDetails;

  constructor(
    code: number,
    reason: string,
    message: string,
    details?: StatusDetails,
  ) {
    super(message);
    this.name = 'StatusError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  toStatus(): KubeStatus {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }

  static notFound(
    resource: { group: string; plural: string },
    name: string,
  ): StatusError {
    const qualified = qualifiedResource(resource);
    return new StatusError(
      404,
      'NotFound',
      `${qualified} "${name}" not found`,
      { name, group: resource.group || undefined, kind: resource.plural },
    );
  }

  static unknownResource(): StatusError {
    return new StatusError(
      404,
      'NotFound',
      'the server could not find the requested resource',
    );
  }

  static alreadyExists(
    resource: { group: string; plural: string },
    name: string,
  ): StatusError {
    return new StatusError(
      409,
      'AlreadyExists',
      `${qualifiedResource(resource)} "${name}" already exists`,
      { name, group: resource.group || undefined, kind: resource.plural },
    );
  }

  static conflict(
    resource: { group: string; plural: string },
    name: string,
    cause: string,
  ): StatusError {
    return new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(
        resource,
      )} "${name}": ${cause}`,
      { name, group: resource.group || undefined, kind: resource.plural },
    );
  }

  static invalid(
    kind: string,
    group: string,
    name: string,
    causes: Array<{ field: string; message: string; reason?: string }>,
  ): StatusError {
    const qualifiedKind = group ? `${kind}.${group}` : kind;
    const summary = causes.map(c => `${c.field}: ${c.message}`).join(', ');
    const message =
      causes.length === 1
        ? `${qualifiedKind} "${name}" is invalid: ${summary}`
        : `${qualifiedKind} "${name}" is invalid: [${summary}]`;
    return new StatusError(422, 'Invalid', message, {
      name,
      group: group || undefined,
      kind,
      causes: causes.map(c => ({
        reason: c.reason ?? 'FieldValueInvalid',
        message: c.message,
        field: c.field,
      })),
    });
  }

  static badRequest(message: string): StatusError {
    return new StatusError(400, 'BadRequest', message);
  }
}

/** `deployments.apps`, or `configmaps` for the core group, as in API messages. */
export function qualifiedResource(resource: {
  group: string;
  plural: string;
}): string {
  return resource.group
    ? `${resource.plural}.${resource.group}`
    : resource.plural;
}
