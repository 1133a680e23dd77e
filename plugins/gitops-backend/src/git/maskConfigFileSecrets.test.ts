import {
  maskConfigFileSecrets,
  secretGeneratorSources,
} from './maskConfigFileSecrets';

const CLEAR = 'hunter2-clear-value';

describe('maskConfigFileSecrets', () => {
  it('masks the values of Secrets and keeps everything else, comments included', () => {
    const text = [
      '# database credentials',
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: db',
      'stringData:',
      `  password: ${CLEAR} # rotated in May`,
      'data:',
      `  token: ${Buffer.from(CLEAR).toString('base64')}`,
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: settings',
      'data:',
      '  LOG_LEVEL: info',
      '',
    ].join('\n');
    const masked = maskConfigFileSecrets(
      'envs/dev/secret.yaml',
      text,
      false,
    ).text;
    expect(masked).not.toContain(CLEAR);
    expect(masked).not.toContain(Buffer.from(CLEAR).toString('base64'));
    expect(masked).toContain('# database credentials');
    expect(masked).toContain('password: ++++++++');
    expect(masked).toContain('token: ++++++++');
    expect(masked).toContain('LOG_LEVEL: info');
    expect(masked.match(/^---$/gm)).toHaveLength(1);
  });

  it('masks secretGenerator literals but keeps their keys', () => {
    const text = [
      'resources: [../../base]',
      'secretGenerator:',
      '  - name: api',
      '    literals:',
      `      - API_KEY=${CLEAR}`,
      '      - REGION=eu',
      '',
    ].join('\n');
    const masked = maskConfigFileSecrets(
      'envs/dev/kustomization.yaml',
      text,
      false,
    ).text;
    expect(masked).not.toContain(CLEAR);
    expect(masked).toContain('API_KEY=++++++++');
    expect(masked).toContain('REGION=++++++++');
  });

  it('masks the files a generator reads, by line for env files and whole otherwise', () => {
    expect(
      maskConfigFileSecrets(
        'envs/dev/api.env',
        `# keys\nAPI_KEY=${CLEAR}\n`,
        true,
      ).text,
    ).toBe('# keys\nAPI_KEY=++++++++\n');
    expect(
      maskConfigFileSecrets(
        'envs/dev/tls.key',
        `-----BEGIN KEY-----\n${CLEAR}\n`,
        true,
      ).text,
    ).toBe('++++++++\n');
  });

  it('masks a whole file it cannot parse when it may hold secrets', () => {
    expect(
      maskConfigFileSecrets(
        's.yaml',
        `kind: Secret\nstringData: [${CLEAR}\n`,
        false,
      ).text,
    ).toBe('++++++++ (this file holds secrets and is not valid YAML)\n');
    const broken = 'images:\n  - name: [unclosed\n';
    expect(maskConfigFileSecrets('k.yaml', broken, false).text).toBe(broken);
  });

  it('leaves files without secrets as they are', () => {
    const text = 'images:\n  - name: app\n    newTag: "1.0.0" # pinned\n';
    expect(
      maskConfigFileSecrets('envs/dev/kustomization.yaml', text, false).text,
    ).toBe(text);
  });
});

describe('maskConfigFileSecrets on both sides of a change', () => {
  it('marks the values that changed, and only those', () => {
    const secret = (password: string) =>
      `kind: Secret\napiVersion: v1\nmetadata:\n  name: db\nstringData:\n  user: app\n  password: ${password}\n`;
    const before = maskConfigFileSecrets('s.yaml', secret('old-value'), false);
    const after = maskConfigFileSecrets(
      's.yaml',
      secret('new-value'),
      false,
      before.values,
    );
    expect(after.text).toContain('user: ++++++++\n');
    expect(after.text).toContain('password: ++++++++ (changed)\n');
    expect(after.text).not.toContain('new-value');
  });
});

describe('secretGeneratorSources', () => {
  it('names the files generators read, relative to the kustomization', () => {
    expect(
      secretGeneratorSources(
        'envs/dev/kustomization.yaml',
        [
          'secretGenerator:',
          '  - name: a',
          '    envs: [api.env]',
          '    files: [tls.crt, key=../shared/tls.key]',
          '  - name: b',
          '    env: legacy.env',
          'configMapGenerator:',
          '  - name: c',
          '    files: [public.txt]',
        ].join('\n'),
      ),
    ).toEqual([
      'envs/dev/api.env',
      'envs/dev/tls.crt',
      'envs/shared/tls.key',
      'envs/dev/legacy.env',
    ]);
  });
});
