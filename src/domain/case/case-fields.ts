import { type CaseTypeDefinition, type Policy, type PriorityDefinition, SEVERITIES } from '../policy/policy.schema.ts';
import { fold } from './lifecycle.ts';

// Agents type priorities and types as they read them: `a`, `A`, `Alta` name the same priority.

const labels = (label: PriorityDefinition['label']) => (typeof label === 'string' ? [label] : Object.values(label));

export function findPriority(policy: Policy, text: string): PriorityDefinition | undefined {
  const wanted = fold(text);
  return policy.priorities.find((p) => fold(p.id) === wanted || labels(p.label).some((l) => fold(l ?? '') === wanted));
}

export function findCaseType(policy: Policy, text: string): CaseTypeDefinition | undefined {
  const wanted = fold(text);
  return policy.caseTypes.find((t) => fold(t.id) === wanted || labels(t.label).some((l) => fold(l ?? '') === wanted));
}

/** The most severe priority: where urgent case types land. */
export function mostSeverePriority(policy: Policy): PriorityDefinition {
  return [...policy.priorities].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity))[0]!;
}

/**
 * The priority one level more severe than `id` (itbx: baja → media → alta); undefined at the top. Levels follow the
 * severities; of two priorities with the same severity the one listed first is the higher.
 */
export function higherPriority(policy: Policy, id: string): PriorityDefinition | undefined {
  const ladder = policy.priorities
    .map((priority, index) => ({ priority, rank: SEVERITIES.indexOf(priority.severity), index }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ priority }) => priority);
  const at = ladder.findIndex((priority) => priority.id === id);
  return at > 0 ? ladder[at - 1] : undefined;
}
