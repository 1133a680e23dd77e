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
 * What the sync engine knows of the cluster side of each environment: the
 * live version, per-resource state, and the automated sync's progress and
 * back-off.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('gitops_environment_status', table => {
    table
      .string('live_version', 255)
      .nullable()
      .comment('Version the cluster runs');
    table
      .integer('drift_count')
      .notNullable()
      .defaultTo(0)
      .comment('Resources that differ from Git');
    table
      .text('resources')
      .nullable()
      .comment('JSON: per-resource sync status, health and masked changes');
    table
      .string('last_synced_revision', 64)
      .nullable()
      .comment('Last revision a sync applied successfully');
    table
      .string('failed_revision', 64)
      .nullable()
      .comment('Revision whose automated syncs are failing');
    table.integer('sync_failures').notNullable().defaultTo(0);
    table
      .timestamp('next_retry_at', { useTz: true })
      .nullable()
      .comment('No automated sync before this time');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('gitops_environment_status', table => {
    table.dropColumn('live_version');
    table.dropColumn('drift_count');
    table.dropColumn('resources');
    table.dropColumn('last_synced_revision');
    table.dropColumn('failed_revision');
    table.dropColumn('sync_failures');
    table.dropColumn('next_retry_at');
  });
};
