/**
 * Thrown by a health check that cannot judge an object and must not guess:
 * the object is shown with this message and no health, and left out of the
 * application's health (a health script that ran out of time or memory).
 */
export class NoHealthError extends Error {
  name = 'NoHealthError';
}
