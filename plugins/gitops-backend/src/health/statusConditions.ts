import { isRecord, readArray, readNumber } from './readField';

/** One entry of `status.conditions`, as most Kubernetes kinds write it. */
export interface StatusCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  /** The generation the controller judged (Gateway API, kstatus). */
  observedGeneration?: number;
}

/** The well-formed conditions of `status.conditions` (or another list). */
export function readConditions(
  object: unknown,
  path = 'status.conditions',
): StatusCondition[] {
  return parseConditions(readArray(object, path));
}

export function parseConditions(entries: unknown[]): StatusCondition[] {
  const conditions: StatusCondition[] = [];
  for (const entry of entries) {
    if (isRecord(entry) && typeof entry.type === 'string') {
      conditions.push({
        type: entry.type,
        status: typeof entry.status === 'string' ? entry.status : 'Unknown',
        reason: typeof entry.reason === 'string' ? entry.reason : undefined,
        message: typeof entry.message === 'string' ? entry.message : undefined,
        observedGeneration: readNumber(entry, 'observedGeneration'),
      });
    }
  }
  return conditions;
}

export function findCondition(
  conditions: StatusCondition[],
  type: string,
): StatusCondition | undefined {
  return conditions.find(condition => condition.type === type);
}

/** `reason: message`, or whichever of the two is present. */
export function describeCondition(condition: StatusCondition): string {
  const parts = [condition.reason, condition.message].filter(
    (part): part is string => Boolean(part),
  );
  return parts.length > 0 ? parts.join(': ') : condition.type;
}

/** The condition of that type whose status is `True`. */
export function trueCondition(
  conditions: StatusCondition[],
  type: string,
): StatusCondition | undefined {
  const condition = findCondition(conditions, type);
  return condition?.status === 'True' ? condition : undefined;
}

/** The condition of that type whose status is `False`. */
export function falseCondition(
  conditions: StatusCondition[],
  type: string,
): StatusCondition | undefined {
  const condition = findCondition(conditions, type);
  return condition?.status === 'False' ? condition : undefined;
}

/**
 * `Type: reason: message`, for messages that must say which condition
 * spoke; `Type is Status` when the condition gives neither.
 */
export function describeConditionWithType(condition: StatusCondition): string {
  const described = describeCondition(condition);
  return described === condition.type
    ? `${condition.type} is ${condition.status}`
    : `${condition.type}: ${described}`;
}
