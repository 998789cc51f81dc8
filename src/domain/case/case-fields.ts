import type { CaseTypeDefinition, Policy, PriorityDefinition } from '../policy/policy.schema.ts';
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
  const order = ['critical', 'high', 'moderate', 'minimal'];
  return [...policy.priorities].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity))[0]!;
}
