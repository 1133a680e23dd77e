import { InputError } from '@backstage/errors';

/**
 * An overlay file could not be read or edited. The message starts with the
 * file and, where known, the line: `envs/dev/kustomization.yaml:4: …`.
 *
 * @public
 */
export class OverlayEditError extends InputError {
  readonly file: string;
  readonly line?: number;

  constructor(message: string, file: string, line?: number) {
    super(`${file}${line ? `:${line}` : ''}: ${message}`);
    this.file = file;
    this.line = line;
  }
}
