import { InputError } from '@backstage/errors';
import { z } from 'zod';

const environmentName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'is not an environment name');

export const deployRequestSchema = z
  .object({
    environment: environmentName,
    version: z.string().min(1).max(255),
    expectedVersion: z.string().min(1).max(255).optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();

export const promoteRequestSchema = z
  .object({
    from: environmentName,
    to: environmentName,
    dryRun: z.boolean().optional(),
  })
  .strict();

export const rollbackRequestSchema = z
  .object({
    environment: environmentName,
    revision: z.string().min(7).max(64),
    dryRun: z.boolean().optional(),
  })
  .strict();

export const syncRequestSchema = z
  .object({
    environment: environmentName,
    /** Defaults to the environment's `sync.prune`. */
    prune: z.boolean().optional(),
    dryRun: z.boolean().optional(),
    /** Take over fields another field manager owns; never implied. */
    force: z.boolean().optional(),
  })
  .strict();

export const environmentQuerySchema = z.object({
  environment: environmentName,
});

export const pageQuerySchema = z.object({
  environment: environmentName.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Reads a request part with a schema; problems become one readable sentence. */
export function parseRequest<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues
      .map(issue =>
        issue.path.length
          ? `${issue.path.join('.')} ${issue.message.replace(
              /^Invalid input: /,
              '',
            )}`
          : issue.message,
      )
      .join('; ');
    throw new InputError(`Invalid ${what}: ${problems}`);
  }
  return result.data;
}

/** Terminate, suspend and resume name only the environment. */
export const engineActionRequestSchema = z
  .object({ environment: environmentName })
  .strict();
