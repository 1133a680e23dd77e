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
 * The backend replicas running the sync engine, each kept alive by its
 * heartbeat: applications are shared out among the live ones, and a
 * replica whose heartbeat stops has its share taken over.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gitops_engine_replicas', table => {
    table
      .string('replica_id', 200)
      .primary()
      .notNullable()
      .comment('A random id each backend process picks when it starts');
    table
      .timestamp('heartbeat_at', { useTz: true })
      .notNullable()
      .index()
      .comment('Refreshed while the replica runs; old rows are dead replicas');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gitops_engine_replicas');
};
