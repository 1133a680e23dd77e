import { findHealthScript, readArgoCdHealthScripts } from './healthScripts';

const CERTIFICATE_HEALTH = `hs = {}
hs.status = "Healthy"
return hs
`;

describe('readArgoCdHealthScripts', () => {
  it('reads per-kind keys and the older resource.customizations block', () => {
    const { scripts, problems } = readArgoCdHealthScripts({
      'resource.customizations.health.cert-manager.io_Certificate':
        CERTIFICATE_HEALTH,
      'resource.customizations.health.Service': 'return { status = "Healthy" }',
      'resource.customizations.health.*.crossplane.io_*':
        'return { status = "Progressing" }',
      'resource.customizations.ignoreDifferences.apps_Deployment':
        'jsonPointers: [/spec/replicas]',
      'resource.customizations': [
        'example.com/Database:',
        '  health.lua: |',
        '    return { status = "Degraded" }',
        '  health.lua.useOpenLibs: true',
        'cert-manager.io/Certificate:',
        '  health.lua: |',
        '    return { status = "Unknown" }',
        'apps/Deployment:',
        '  ignoreDifferences: |',
        '    jsonPointers: [/spec/replicas]',
      ].join('\n'),
      url: 'https://argocd.example.com',
    });
    expect(problems).toEqual([]);
    expect(
      scripts
        .map(script => [
          script.group,
          script.kind,
          script.script.trim(),
          script.source,
        ])
        .sort((a, b) => (`${a[0]}/${a[1]}` < `${b[0]}/${b[1]}` ? -1 : 1)),
    ).toEqual([
      [
        '*.crossplane.io',
        '*',
        'return { status = "Progressing" }',
        'argocd-cm',
      ],
      ['', 'Service', 'return { status = "Healthy" }', 'argocd-cm'],
      // The per-kind key wins over the block.
      [
        'cert-manager.io',
        'Certificate',
        CERTIFICATE_HEALTH.trim(),
        'argocd-cm',
      ],
      [
        'example.com',
        'Database',
        'return { status = "Degraded" }',
        'argocd-cm',
      ],
    ]);
  });

  it('reports keys that name no kind and a block that is not YAML, and keeps the rest', () => {
    const { scripts, problems } = readArgoCdHealthScripts({
      'resource.customizations.health.a_b_c': 'return {}',
      'resource.customizations.health._Pod': 'return {}',
      'resource.customizations': 'example.com/Database: [unclosed',
      'resource.customizations.health.Pod': 'return {}',
    });
    expect(scripts.map(script => script.kind)).toEqual(['Pod']);
    expect(problems).toEqual([
      expect.stringMatching(/^resource.customizations is not valid YAML: /),
      'resource.customizations.health.a_b_c names no kind: use resource.customizations.health.<group>_<kind>, or …health.<kind> for the core group',
      'resource.customizations.health._Pod names no kind: use resource.customizations.health.<group>_<kind>, or …health.<kind> for the core group',
    ]);
  });
});

describe('findHealthScript', () => {
  const script = (group: string, kind: string) => ({
    group,
    kind,
    script: `${group}/${kind}`,
    source: 'test',
  });
  const scripts = [
    script('*.crossplane.io', '*'),
    script('ec2.aws.crossplane.io', '*'),
    script('ec2.aws.crossplane.io', 'Instance'),
    script('', 'Service'),
    script('example.com', 'Data?ase'),
  ];
  it.each([
    ['ec2.aws.crossplane.io', 'Instance', 'ec2.aws.crossplane.io/Instance'],
    ['ec2.aws.crossplane.io', 'VPC', 'ec2.aws.crossplane.io/*'],
    ['s3.aws.crossplane.io', 'Bucket', '*.crossplane.io/*'],
    ['', 'Service', '/Service'],
    ['example.com', 'Database', 'example.com/Data?ase'],
    ['crossplane.io', 'Provider', undefined],
    ['apps', 'Service', undefined],
  ])('%s/%s → %s', (group, kind, expected) => {
    expect(findHealthScript(scripts, group, kind)?.script).toBe(expected);
  });
});
