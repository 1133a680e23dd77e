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

import { JsonObject, isObject } from '../objects/isObject';
import { matchLabelsMatcher } from '../selectors/labelSelector';
import { ResourceType } from '../resources/ResourceType';
import { StatusError } from './StatusError';

/** One field error, as it appears in a 422 Status. */
export interface FieldError {
  field: string;
  message: string;
  reason?: string;
}

const subdomain =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const labelName = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const subdomainMessage =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMessage =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const labelValueMessage =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** Kinds whose names must be DNS labels rather than subdomains. */
const labelNamedKinds = new Set(['Namespace', 'Service']);
const podTemplateKinds = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
]);

/**
 * The checks the real API server makes that manifests most often fail:
 * names, labels, types it cannot decode, and the required parts of pod
 * templates and services. Decode failures are 400s; the rest collect into
 * one 422 Invalid, as upstream.
 */
export function validateObject(type: ResourceType, object: JsonObject): void {
  checkDecodable(type, object);
  const errors: FieldError[] = [];
  const name: string = object.metadata?.name ?? '';
  if (!name) {
    errors.push({
      field: 'metadata.name',
      message: 'Required value',
      reason: 'FieldValueRequired',
    });
  } else if (labelNamedKinds.has(type.kind) && type.group === '') {
    if (name.length > 63 || !dnsLabel.test(name)) {
      errors.push(invalid('metadata.name', name, labelMessage));
    }
  } else if (name.length > 253 || !subdomain.test(name)) {
    errors.push(invalid('metadata.name', name, subdomainMessage));
  }
  for (const [key, value] of Object.entries(object.metadata?.labels ?? {})) {
    const bareKey = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key;
    if (bareKey.length > 63 || !labelName.test(bareKey)) {
      errors.push(
        invalid(
          'metadata.labels',
          key,
          "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        ),
      );
    }
    if (
      typeof value !== 'string' ||
      value.length > 63 ||
      !labelValue.test(value)
    ) {
      errors.push(invalid('metadata.labels', value, labelValueMessage));
    }
  }
  if (
    type.group === 'apiextensions.k8s.io' &&
    type.kind === 'CustomResourceDefinition'
  ) {
    const expected = `${object.spec?.names?.plural}.${object.spec?.group}`;
    if (name !== expected) {
      errors.push(
        invalid(
          'metadata.name',
          name,
          'must be spec.names.plural+"."+spec.group',
        ),
      );
    }
  }
  if (podTemplateKinds.has(type.kind) && type.group !== '') {
    errors.push(...podTemplateErrors(type.kind, object.spec ?? {}));
  }
  if (type.kind === 'Pod' && type.group === '') {
    errors.push(...containerErrors(object.spec?.containers, 'spec.containers'));
  }
  if (type.kind === 'Service' && type.group === '') {
    errors.push(...serviceErrors(object.spec ?? {}));
  }
  if (errors.length > 0) {
    throw StatusError.invalid(type.kind, type.group, name, errors);
  }
}

function invalid(field: string, value: unknown, message: string): FieldError {
  return {
    field,
    message: `Invalid value: ${JSON.stringify(value)}: ${message}`,
  };
}

function required(field: string): FieldError {
  return { field, message: 'Required value', reason: 'FieldValueRequired' };
}

function checkDecodable(type: ResourceType, object: JsonObject): void {
  const fail = (detail: string) =>
    StatusError.badRequest(
      `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: ${detail}`,
    );
  if (object.metadata !== undefined && !isObject(object.metadata)) {
    throw fail(
      'json: cannot unmarshal into Go struct field .metadata of type v1.ObjectMeta',
    );
  }
  if (
    type.group !== '' ||
    (type.kind !== 'ConfigMap' && type.kind !== 'Secret')
  ) {
    return;
  }
  for (const field of ['data', 'stringData', 'binaryData']) {
    for (const [key, value] of Object.entries(object[field] ?? {})) {
      if (typeof value !== 'string') {
        throw fail(
          `json: cannot unmarshal ${jsonType(value)} into Go struct field ${
            type.kind
          }.${field} of type string`,
        );
      }
      if (
        (type.kind === 'Secret' && field === 'data') ||
        field === 'binaryData'
      ) {
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) {
          throw fail(
            `illegal base64 data at input byte ${badBase64Offset(
              value,
            )} (key ${key})`,
          );
        }
      }
    }
  }
}

function badBase64Offset(value: string): number {
  const i = value.search(/[^A-Za-z0-9+/=]/);
  return i >= 0 ? i : value.length;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}

function podTemplateErrors(kind: string, spec: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  if (
    spec.replicas !== undefined &&
    (!Number.isInteger(spec.replicas) || spec.replicas < 0)
  ) {
    errors.push(
      invalid(
        'spec.replicas',
        spec.replicas,
        'must be greater than or equal to 0',
      ),
    );
  }
  const matchLabels = spec.selector?.matchLabels;
  const templateLabels = spec.template?.metadata?.labels;
  if (kind !== 'Job') {
    if (!spec.selector) {
      errors.push(required('spec.selector'));
    } else if (!matchLabels || Object.keys(matchLabels).length === 0) {
      errors.push(
        invalid(
          'spec.selector',
          spec.selector,
          'empty selector is invalid for deployment',
        ),
      );
    } else if (!matchLabelsMatcher(matchLabels)(templateLabels)) {
      errors.push(
        invalid(
          'spec.template.metadata.labels',
          templateLabels ?? {},
          '`selector` does not match template `labels`',
        ),
      );
    }
  }
  errors.push(
    ...containerErrors(
      spec.template?.spec?.containers,
      'spec.template.spec.containers',
    ),
  );
  return errors;
}

function containerErrors(containers: unknown, field: string): FieldError[] {
  if (!Array.isArray(containers) || containers.length === 0) {
    return [required(field)];
  }
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c: any, i) => {
    if (!c?.name) {
      errors.push(required(`${field}[${i}].name`));
    } else if (!dnsLabel.test(c.name)) {
      errors.push(invalid(`${field}[${i}].name`, c.name, labelMessage));
    } else if (seen.has(c.name)) {
      errors.push({
        field: `${field}[${i}].name`,
        message: `Duplicate value: ${JSON.stringify(c.name)}`,
        reason: 'FieldValueDuplicate',
      });
    }
    seen.add(c?.name);
    if (!c?.image) {
      errors.push(required(`${field}[${i}].image`));
    }
  });
  return errors;
}

function serviceErrors(spec: JsonObject): FieldError[] {
  if (spec.type === 'ExternalName' || spec.clusterIP === 'None') {
    return [];
  }
  if (!Array.isArray(spec.ports) || spec.ports.length === 0) {
    return [required('spec.ports')];
  }
  const errors: FieldError[] = [];
  spec.ports.forEach((p: any, i: number) => {
    if (!Number.isInteger(p?.port) || p.port < 1 || p.port > 65535) {
      errors.push(
        invalid(
          `spec.ports[${i}].port`,
          p?.port,
          'must be between 1 and 65535, inclusive',
        ),
      );
    }
  });
  return errors;
}
