/** An error's message as status and operation records show it. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
