/** One step into an object: a map field, a keyed list item or a list index. */
export type PathSegment =
  | { field: string }
  | { key: string }
  | { index: number };

const PLAIN_FIELD = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * A path as people read it:
 * `spec.template.spec.containers[name=api].image`, with map keys that are not
 * plain words quoted (`metadata.labels["app.kubernetes.io/name"]`).
 */
export function formatFieldPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if ('field' in segment) {
      if (PLAIN_FIELD.test(segment.field)) {
        text += text ? `.${segment.field}` : segment.field;
      } else {
        text += `[${JSON.stringify(segment.field)}]`;
      }
    } else if ('key' in segment) {
      text += `[${segment.key}]`;
    } else {
      text += `[${segment.index}]`;
    }
  }
  return text;
}
