/**
 * Git webhooks: GitHub and GitLab push events, authenticated by the shared
 * secret, turned into debounced refreshes of exactly the applications a push
 * touches.
 */

export { createWebhookRouter } from './createWebhookRouter';
export { InMemoryDeliveryLedger } from './DeliveryLedger';
export type { DeliveryLedger } from './DeliveryLedger';
export type { WebhookRouterOptions } from './createWebhookRouter';
export { PushDebouncer } from './PushDebouncer';
export type { DebounceTimers, PushDebouncerOptions } from './PushDebouncer';
export type { PushEvent } from './PushEvent';
export type { WebhookProvider } from './detectWebhookProvider';
export { normalizeRepositoryUrl } from './normalizeRepositoryUrl';
export { parsePushEvent } from './parsePushEvent';
export type { ParsedWebhook } from './parsePushEvent';
export type { WebhookHeaders } from './readHeader';
export { selectAffectedApplications } from './selectAffectedApplications';
export type { WebhookApplication } from './selectAffectedApplications';
export { verifyWebhook } from './verifyWebhook';
export type {
  WebhookRejectionReason,
  WebhookVerification,
} from './verifyWebhook';
