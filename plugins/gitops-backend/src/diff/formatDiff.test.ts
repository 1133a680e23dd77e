import { formatDiff } from './formatDiff';

describe('formatDiff', () => {
  it('prints one hunk per changed field, live as - and Git as +', () => {
    expect(
      formatDiff({
        group: 'apps',
        kind: 'Deployment',
        namespace: 'payments',
        name: 'payments-api',
        status: 'OutOfSync',
        changes: [
          {
            path: 'spec.template.spec.containers[name=api].image',
            desired: 'ghcr.io/acme/payments:1.4.2',
            live: 'ghcr.io/acme/payments:1.4.1',
          },
          {
            path: 'spec.template.spec.containers[name=api].env[name=FEATURE_X]',
            desired: undefined,
            live: { name: 'FEATURE_X', value: 'on' },
          },
          {
            path: 'spec.template.spec.containers[name=api].args',
            desired: ['--port', '8080'],
            live: undefined,
          },
        ],
      }),
    ).toBe(
      [
        'apps/Deployment payments/payments-api (OutOfSync)',
        '--- live',
        '+++ desired (Git)',
        '@@ spec.template.spec.containers[name=api].image @@',
        '- ghcr.io/acme/payments:1.4.1',
        '+ ghcr.io/acme/payments:1.4.2',
        '@@ spec.template.spec.containers[name=api].env[name=FEATURE_X] @@',
        '- name: FEATURE_X',
        '- value: on',
        '+ (not set)',
        '@@ spec.template.spec.containers[name=api].args @@',
        '- (not set)',
        '+ - --port',
        '+ - "8080"',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['Synced', 'Service payments/payments-api (Synced)\nno differences\n'],
    [
      'Missing',
      'Service payments/payments-api (Missing)\ndeclared in Git, absent from the cluster\n',
    ],
    [
      'Extra',
      "Service payments/payments-api (Extra)\nin the cluster with this application's tracking label, no longer declared in Git\n",
    ],
  ] as const)('describes a %s resource in words', (status, text) => {
    expect(
      formatDiff({
        group: '',
        kind: 'Service',
        namespace: 'payments',
        name: 'payments-api',
        status,
        changes: [],
      }),
    ).toBe(text);
  });

  it('names cluster-scoped resources without a namespace', () => {
    expect(
      formatDiff({
        group: '',
        kind: 'Namespace',
        name: 'payments',
        status: 'Synced',
        changes: [],
      }),
    ).toBe('Namespace payments (Synced)\nno differences\n');
  });
});
