/*
 * Copyright 2026 The Slipway Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

// @ts-check

/**
 * Every deploy, promote, rollback and sync, and the locks that keep one
 * operation at a time per application and environment across replicas.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gitops_operations', table => {
    table.comment('Deploy, promote, rollback and sync operations');
    table.string('id', 36).primary().comment('UUID; also the commit trailer');
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 63).notNullable();
    table
      .string('kind', 16)
      .notNullable()
      .comment('deploy | promote | rollback | sync');
    table
      .string('state', 16)
      .notNullable()
      .comment('queued | running | succeeded | failed');
    table
      .string('actor', 255)
      .notNullable()
      .comment('Entity ref of the user or service that asked');
    table.string('source_environment', 63).nullable().comment('For promote');
    table.string('from_version', 255).nullable();
    table.string('to_version', 255).nullable();
    table
      .string('target_revision', 64)
      .nullable()
      .comment('For rollback: the revision restored');
    table
      .string('revision', 64)
      .nullable()
      .comment('The commit the operation made or synced');
    table.string('branch', 255).nullable();
    table.text('pull_request_url').nullable();
    table.text('message').nullable().comment('Result or failure reason');
    table.text('details').nullable().comment('JSON: diff summary, resources');
    table
      .string('owner', 64)
      .nullable()
      .comment('Backend instance that runs the operation');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.index(
      ['entity_ref', 'environment', 'created_at'],
      'gitops_operations_by_app',
    );
    table.index(['state'], 'gitops_operations_by_state');
  });

  await knex.schema.createTable('gitops_locks', table => {
    table.comment('One running operation per application and environment');
    table.string('entity_ref', 255).notNullable();
    table.string('environment', 63).notNullable();
    table.string('operation_id', 36).notNullable();
    table.string('owner', 64).notNullable();
    table
      .timestamp('heartbeat_at', { useTz: true })
      .notNullable()
      .comment(
        'Refreshed while the operation runs; a stale lock may be taken over',
      );
    table.primary(['entity_ref', 'environment']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gitops_locks');
  await knex.schema.dropTable('gitops_operations');
};
