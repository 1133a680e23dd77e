import { RenderError } from '@slipway/plugin-gitops-node';
import { parseManifests } from './parseManifests';

function failure(fn: () => unknown): RenderError {
  try {
    fn();
  } catch (error) {
    return error as RenderError;
  }
  throw new Error('expected a RenderError');
}

describe('parseManifests', () => {
  it('reads every document with the line it starts on and expands Lists', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      '---',
      '# comment only',
      '---',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- {apiVersion: v1, kind: Secret, metadata: {name: b}}',
      '- {apiVersion: v1, kind: Service, metadata: {name: c}}',
    ].join('\n');
    const parsed = parseManifests(text, 'app/all.yaml');
    expect(
      parsed.map(p => [p.object.kind, p.object.metadata.name, p.line]),
    ).toEqual([
      ['ConfigMap', 'a', 1],
      ['Secret', 'b', 7],
      ['Service', 'c', 7],
    ]);
  });

  it('keeps YAML 1.1 booleans such as "on" and "yes" as strings (core schema)', () => {
    const [{ object }] = parseManifests(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: on, y: yes, z: 0777}\n',
      'f.yaml',
    );
    expect(object.data).toEqual({ x: 'on', y: 'yes', z: 777 });
  });

  it('names file and line of malformed YAML', () => {
    const error = failure(() =>
      parseManifests(
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [a\n',
        'base/cm.yaml',
      ),
    );
    expect(error).toBeInstanceOf(RenderError);
    expect(error.file).toBe('base/cm.yaml');
    expect(error.line).toBeGreaterThanOrEqual(4);
    expect(error.message).toMatch(/^base\/cm\.yaml:\d+: invalid YAML/);
  });

  it('refuses duplicate keys', () => {
    const error = failure(() =>
      parseManifests(
        'apiVersion: v1\nkind: A\nkind: B\nmetadata: {name: a}\n',
        'dup.yaml',
      ),
    );
    expect(error.message).toMatch(/dup\.yaml:3: invalid YAML/);
  });

  it('refuses custom tags', () => {
    const error = failure(() =>
      parseManifests(
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: !!python/object:os.system ls\n',
        'evil.yaml',
      ),
    );
    expect(error.message).toMatch(/^evil\.yaml:5: /);
    const local = failure(() => parseManifests('a: !Ref thing\n', 'cfn.yaml'));
    expect(local.message).toMatch(/cfn\.yaml:1: .*tag/i);
  });

  it('refuses billion-laughs alias expansion', () => {
    const lines = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(
        `${name}: &${name} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`,
      );
    }
    const error = failure(() =>
      parseManifests(lines.join('\n'), 'laughs.yaml', { maxAliasCount: 50 }),
    );
    expect(error.message).toMatch(/laughs\.yaml:\d+: .*alias.*maxAliasCount/);
  });

  it('says which object lacks kind or name', () => {
    expect(
      failure(() =>
        parseManifests('apiVersion: v1\nmetadata: {name: a}\n', 'x.yaml'),
      ).message,
    ).toBe('x.yaml:1: document has no kind');
    expect(
      failure(() =>
        parseManifests('---\napiVersion: v1\nkind: Pod\n', 'y.yaml'),
      ).message,
    ).toBe('y.yaml:2: document (Pod) has no metadata.name');
  });
});
