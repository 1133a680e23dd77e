/**
 * Slipway GitOps backend: REST API, sync engine, config-repo writer, database,
 * scheduler and webhooks.
 *
 * @packageDocumentation
 */

export { gitopsPlugin as default } from './plugin';
