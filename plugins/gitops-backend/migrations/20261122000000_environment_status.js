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
 * The engine's last observation of each application in each environment. The
 * frontend reads only this table, so a page view never waits on Git or a cluster.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gitops_environment_status', table => {
    table.comment('Last observed state of an application in an environment');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Catalog entity reference of the application');
    table.string('environment', 63).notNullable();
    table
      .string('revision', 64)
      .nullable()
      .comment('Config-repo commit the desired state was read at');
    table
      .string('version', 255)
      .nullable()
      .comment('Image tag or digest the overlay declares');
    table.string('image', 255).nullable();
    table.string('sync_status', 16).notNullable().defaultTo('Unknown');
    table.string('health', 16).notNullable().defaultTo('Unknown');
    table
      .text('message')
      .nullable()
      .comment('Why status could not be determined');
    table.timestamp('refreshed_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'environment']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gitops_environment_status');
};
