import { promises as fs } from 'fs';
import { join, relative } from 'path';

// The demo's config repositories (examples/demo), in memory: filled from the
// template scripts/seed-demo.mjs seeds the demo's repositories from, for the
// tests and benchmarks that render them. The plugin itself never uses it.

/** A demo service as `examples/demo/services.json` describes it. */
export interface DemoService {
  name: string;
  port: number;
  configPath: string;
  version: string;
}

/**
 * Fills the demo config-repo template (`{{name}}`, `{{version}}`,
 * `{{port}}`) for one service and returns its files by repository path.
 */
export async function instantiateDemoConfigRepo(
  templateRoot: string,
  service: DemoService,
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await fs.readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else {
        const text = (await fs.readFile(path, 'utf8'))
          .replace(/\{\{name\}\}/g, service.name)
          .replace(/\{\{version\}\}/g, service.version)
          .replace(/\{\{port\}\}/g, String(service.port));
        const inRepo = relative(templateRoot, path).split(/[\\/]/).join('/');
        files[
          service.configPath === '.'
            ? inRepo
            : `${service.configPath}/${inRepo}`
        ] = text;
      }
    }
  };
  await walk(templateRoot);
  return files;
}
