import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * The databases every store test runs on: SQLite always, and PostgreSQL 15
 * when a server is given through
 * `BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING` (the repository's test
 * command starts one). With `SLIPWAY_REQUIRE_POSTGRES` set, a missing
 * PostgreSQL fails the run instead of quietly testing SQLite alone.
 */
export function createTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({
    ids: ['POSTGRES_15', 'SQLITE_3'],
    disableDocker: true,
  });
  if (
    process.env.SLIPWAY_REQUIRE_POSTGRES &&
    !databases.supports('POSTGRES_15')
  ) {
    throw new Error(
      'SLIPWAY_REQUIRE_POSTGRES is set but no PostgreSQL 15 connection string was given in BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING',
    );
  }
  return databases;
}
