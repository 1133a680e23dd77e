/**
 * Orders strings by code unit, as Go's string comparison does (kustomize's
 * sort order and Git's tree order), never by locale.
 */
export function compareCodeUnits(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}
