/** Who asked for an operation, as commits and records show them. */
export interface Actor {
  /** `user:default/jane`, or the subject of a service principal. */
  entityRef: string;
  /** Display name for commit authorship. */
  name: string;
  email: string;
}
