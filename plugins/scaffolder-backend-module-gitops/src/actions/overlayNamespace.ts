/**
 * The namespace a generated overlay puts an application into in one
 * environment: one per application and environment, so two environments on
 * the same cluster never share (and fight over) the same objects.
 */
export function overlayNamespace(
  application: string,
  environment: string,
): string {
  return `${application}-${environment}`;
}
