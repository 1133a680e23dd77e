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

/** A status condition as workloads carry them. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
}

/**
 * Sets one condition, keeping its timestamps when nothing changed so a
 * repeated reconcile writes nothing: `lastTransitionTime` moves only when the
 * status flips, `lastUpdateTime` (where used) when reason or message change.
 */
export function setCondition(
  conditions: Condition[] | undefined,
  next: Omit<Condition, 'lastTransitionTime' | 'lastUpdateTime'>,
  now: string,
  options: { withUpdateTime?: boolean } = {},
): Condition[] {
  const list = conditions ?? [];
  const previous = list.find(c => c.type === next.type);
  const flipped = !previous || previous.status !== next.status;
  const changed =
    flipped ||
    previous.reason !== next.reason ||
    previous.message !== next.message;
  const condition: Condition = {
    ...next,
    ...(options.withUpdateTime
      ? { lastUpdateTime: changed ? now : previous!.lastUpdateTime }
      : {}),
    lastTransitionTime: flipped ? now : previous!.lastTransitionTime,
  };
  return previous
    ? list.map(c => (c.type === next.type ? condition : c))
    : [...list, condition];
}
