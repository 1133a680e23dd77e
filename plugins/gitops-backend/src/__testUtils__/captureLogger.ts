import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * A logger that keeps every line (message and metadata, as JSON) so a test
 * can search them, e.g. for a secret that must not be there.
 *
 * @public
 */
export function captureLogger(): { logger: LoggerService; lines: string[] } {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (message: string, meta?: Error | Record<string, unknown>) => {
      lines.push(`${level} ${message} ${meta ? JSON.stringify(meta) : ''}`);
    };
  const logger: LoggerService = {
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
    child: () => logger,
  };
  return { logger, lines };
}
