import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import fs from 'node:fs';
import { createTestDatabases } from '../__testUtils__/createTestDatabases';

const migrationsDir = resolvePackagePath(
  '@slipway/plugin-gitops-backend',
  'migrations',
);
const migrationNames = fs
  .readdirSync(migrationsDir)
  .filter(name => name.endsWith('.js'))
  .sort();

const TABLES = [
  'gitops_environment_status',
  'gitops_operations',
  'gitops_locks',
  'gitops_webhook_deliveries',
];

async function migrateUpOnce(knex: Knex) {
  await knex.migrate.up({ directory: migrationsDir });
}

async function migrateDownOnce(knex: Knex) {
  await knex.migrate.down({ directory: migrationsDir });
}

describe('migrations', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'applies every migration and rolls each back, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);

      for (const _ of migrationNames) {
        await migrateUpOnce(knex);
      }
      for (const table of TABLES) {
        await expect(knex.schema.hasTable(table)).resolves.toBe(true);
      }

      for (const _ of migrationNames) {
        await migrateDownOnce(knex);
      }
      for (const table of TABLES) {
        await expect(knex.schema.hasTable(table)).resolves.toBe(false);
      }

      await knex.destroy();
    },
  );
});
