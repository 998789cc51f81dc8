import type { Policy } from '../domain/policy/policy.schema.ts';
import type { BusinessTime } from '../domain/sla/sla-clock.ts';

/** The policies this deployment runs and their business calendars (holidays resolved), by policy id. */
export interface PolicyBook {
  policy(policyId: string): Policy | undefined;
  /** The calendar of a priority's SLA clock (the policy's default calendar for an unknown one). */
  calendar(policy: Policy, priorityId: string): BusinessTime;
}
