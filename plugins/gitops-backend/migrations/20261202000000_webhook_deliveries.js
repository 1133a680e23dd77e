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
 * Webhook deliveries already received, so a captured delivery cannot be
 * replayed: its delivery id and the digest of its body are each recorded
 * once, on the database every replica shares, and survive restarts.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('gitops_webhook_deliveries', table => {
    table
      .string('key', 160)
      .primary()
      .notNullable()
      .comment('delivery:<provider>:<id> or body:<sha256 of the raw body>');
    table
      .timestamp('received_at', { useTz: true })
      .notNullable()
      .index()
      .comment('Rows older than the replay window are deleted');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gitops_webhook_deliveries');
};
