import { KubernetesObject } from '@slipway/plugin-gitops-node';
import {
  CHANGED_SECRET_MASK,
  SECRET_MASK,
  maskSecretPair,
  maskSecrets,
} from './maskSecrets';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function secret(fields: Record<string, unknown>): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'payments-db',
      namespace: 'payments',
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
          data: { password: base64('hunter2-prod') },
        }),
      },
    },
    type: 'Opaque',
    ...fields,
  };
}

describe('maskSecrets', () => {
  it('masks every data and stringData value and the last-applied copy', () => {
    const masked = maskSecrets(
      secret({
        data: { password: base64('hunter2-prod') },
        stringData: { username: 'payments' },
      }),
    );
    expect(masked.data).toEqual({ password: SECRET_MASK });
    expect(masked.stringData).toEqual({ username: SECRET_MASK });
    expect(masked.metadata.annotations).toEqual({
      'kubectl.kubernetes.io/last-applied-configuration': SECRET_MASK,
    });
    const text = JSON.stringify(masked);
    expect(text).not.toContain('hunter2-prod');
    expect(text).not.toContain(base64('hunter2-prod'));
  });

  it('leaves other kinds as they are', () => {
    const configMap: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'payments-config' },
      data: { LOG_LEVEL: 'info' },
    };
    expect(maskSecrets(configMap)).toEqual(configMap);
  });

  it('does not change its input', () => {
    const original = secret({ data: { password: base64('hunter2-prod') } });
    maskSecrets(original);
    expect(original.data).toEqual({ password: base64('hunter2-prod') });
  });
});

describe('maskSecretPair', () => {
  it('shows which values differ and nothing else', () => {
    const { desired, live } = maskSecretPair(
      secret({
        stringData: { username: 'payments', password: 'new-s3cret' },
        data: { host: base64('db.internal') },
      }),
      secret({
        data: {
          username: base64('payments'),
          password: base64('old-s3cret'),
          host: base64('db.internal'),
        },
      }),
    );
    expect(desired.data).toEqual({
      host: SECRET_MASK,
      username: SECRET_MASK,
      password: CHANGED_SECRET_MASK,
    });
    expect(desired.stringData).toBeUndefined();
    expect(live.data).toEqual({
      username: SECRET_MASK,
      password: SECRET_MASK,
      host: SECRET_MASK,
    });
    const text = JSON.stringify([desired, live]);
    for (const value of ['new-s3cret', 'old-s3cret', 'db.internal']) {
      expect(text).not.toContain(value);
      expect(text).not.toContain(base64(value));
    }
  });

  it('treats differently padded base64 of the same bytes as equal', () => {
    const { desired } = maskSecretPair(
      secret({ data: { token: 'YWJj' } }),
      secret({ data: { token: 'YWJj\n' } }),
    );
    expect(desired.data).toEqual({ token: SECRET_MASK });
  });
});
