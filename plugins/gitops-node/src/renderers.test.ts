import { RenderError } from './renderers';

describe('RenderError', () => {
  it('prefixes the file and line', () => {
    const error = new RenderError('mapping values are not allowed here', {
      file: 'envs/dev/kustomization.yaml',
      line: 12,
    });
    expect(error.message).toBe(
      'envs/dev/kustomization.yaml:12: mapping values are not allowed here',
    );
    expect(error.file).toBe('envs/dev/kustomization.yaml');
    expect(error.line).toBe(12);
    expect(error.name).toBe('RenderError');
    expect(error).toBeInstanceOf(Error);
  });

  it('prefixes only the file when the line is unknown', () => {
    const error = new RenderError('resource not found', {
      file: 'base/kustomization.yaml',
    });
    expect(error.message).toBe('base/kustomization.yaml: resource not found');
    expect(error.line).toBeUndefined();
  });

  it('leaves the message alone without a location, or with a line but no file', () => {
    expect(new RenderError('nothing to render').message).toBe(
      'nothing to render',
    );
    const lineOnly = new RenderError('bad', { line: 3 });
    expect(lineOnly.message).toBe('bad');
    expect(lineOnly.file).toBeUndefined();
    expect(lineOnly.line).toBe(3);
  });
});
