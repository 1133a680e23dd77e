import { RenderError } from '@slipway/plugin-gitops-node';
import { GoWasmTimeoutError } from './GoWasmWorker';
import { HelmTemplate, HelmWasm } from './HelmWasm';
import { RenderReader } from './RenderReader';

/** One `helm template` of a render. */
export interface HelmTemplateRequest {
  /** The render's reader: its snapshot, limits and reads. */
  reader: RenderReader;
  /** What follows `helm`: `template`, then names and flags. */
  args: string[];
  /** Files Helm reads besides the repository's, by absolute path. */
  files?: Record<string, Uint8Array>;
  /** The file an error without a better place is about. */
  file: string;
  /** Sees every read, so that a limit's error can win over Helm's. */
  guard?: <T>(read: () => Promise<T>) => Promise<T>;
}

/**
 * Runs `helm template` in helm.wasm for one render: Helm reads the
 * render's snapshot through its reader (Slipway's limits, each file read
 * once and recorded), the repository appearing at /repo.
 */
export async function helmTemplate({
  reader,
  args,
  files = {},
  file,
  guard = read => read(),
}: HelmTemplateRequest): Promise<HelmTemplate> {
  const wasm = await HelmWasm.shared();
  const timeoutMs = reader.limits.maxRenderMs;
  try {
    return await wasm.template(
      {
        stat: path => guard(() => reader.typeOf(path)),
        readFile: path => guard(() => reader.bytes(path)),
        readDirectory: path =>
          guard(async () =>
            (
              await reader.snapshot.readDirectory(path)
            ).map(entry => entry.name),
          ),
      },
      args,
      files,
      timeoutMs,
    );
  } catch (error) {
    if (error instanceof GoWasmTimeoutError) {
      throw new RenderError(
        `render takes longer than ${timeoutMs} ms (limit maxRenderMs)`,
        { file },
      );
    }
    throw error;
  }
}

/** Where a repository folder appears to Helm. */
export function helmPath(folder: string): string {
  return folder === '.' ? '/repo' : `/repo/${folder}`;
}
