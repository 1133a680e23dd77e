import { z } from 'zod';

/**
 * Checks a successful host API body has the fields Slipway reads, so a proxy's
 * HTML page or an API change fails with a message instead of `undefined`s.
 *
 * @public
 */
export function parseHostResponse<T extends z.ZodTypeAny>(
  schema: T,
  body: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new Error(
      `${what} had an unexpected shape${where}: ${
        issue?.message ?? 'not JSON'
      }`,
    );
  }
  return result.data;
}
