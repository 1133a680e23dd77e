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
 * What Argo CD or Flux said of an environment they apply (the pull model):
 * the object that serves it, the operation under way, suspension and the
 * automated policy. Empty for environments Slipway applies itself.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('gitops_environment_status', table => {
    table
      .text('engine')
      .nullable()
      .comment(
        'JSON: the Argo CD or Flux object serving the environment and its state',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('gitops_environment_status', table => {
    table.dropColumn('engine');
  });
};
