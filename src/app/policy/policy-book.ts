import type { Policy } from '../../domain/policy/policy.schema.ts';
import { calendarFor } from '../calendar/policy-calendars.ts';
import type { PolicyBook } from '../policy-book.port.ts';
import { loadPolicy, loadPresets } from './policy-catalog.ts';

export function createPolicyBook(policies: Policy[]): PolicyBook {
  const byId = new Map(policies.map((policy) => [policy.id, policy]));
  return {
    policy: (id) => byId.get(id),
    calendar: (policy, priorityId) =>
      calendarFor(policy, policyHasPriority(policy, priorityId) ? priorityId : undefined),
  };
}

const policyHasPriority = (policy: Policy, priorityId: string) => policy.priorities.some((p) => p.id === priorityId);

/** The presets (or the policies in `dir`), plus any extra policy files the operator names. */
export async function loadPolicyBook(
  dir?: string,
  extraFiles: string[] = [],
): Promise<{ book: PolicyBook; policies: Policy[] }> {
  const policies = [...(await loadPresets(dir)), ...(await Promise.all(extraFiles.map((file) => loadPolicy(file))))];
  return { book: createPolicyBook(policies), policies };
}
