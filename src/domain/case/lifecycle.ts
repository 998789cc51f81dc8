import type { Policy, StateDefinition, StateKind } from '../policy/policy.schema.ts';
import type { CaseRecord } from './case.types.ts';
import { accept, type Outcome, refuse } from './case-error.ts';

// The lifecycle is the policy's: states, their meaning (kind) and the transitions it allows. Nothing here is hard-coded
// per organization; `/case wait` or `/case close` find the state of the right kind that the current state leads to.

export function stateOf(policy: Policy, id: string): StateDefinition | undefined {
  return policy.lifecycle.states.find((state) => state.id === id);
}

export function nextStates(policy: Policy, from: string): string[] {
  return stateOf(policy, from)?.next ?? [];
}

/** A move the policy allows from `from` to `to`, or the refusal listing where the case may go. */
export function checkTransition(policy: Policy, from: string, to: string): Outcome<StateDefinition> {
  const target = stateOf(policy, to) ?? findStateByLabel(policy, to);
  if (!target) {
    return refuse('case.unknown_state', { state: to, states: policy.lifecycle.states.map((s) => s.id) });
  }
  const allowed = nextStates(policy, from);
  if (!allowed.includes(target.id)) {
    return refuse('case.invalid_transition', { from, to: target.id, allowed });
  }
  return accept(target);
}

/**
 * A state that `requiresAssignee` is left only once someone is assigned; cancelling stays possible, so a case opened by
 * mistake never needs an engineer to be withdrawn. Every move of `/case` (move, wait, close, the customer's answer)
 * goes through here.
 */
export function checkLeaving(policy: Policy, record: CaseRecord, target: StateDefinition): Outcome<StateDefinition> {
  const current = stateOf(policy, record.state);
  if (!current?.requiresAssignee || record.assigneeId || target.id === current.id || target.kind === 'cancelled') {
    return accept(target);
  }
  return refuse('case.assignee_required', { ref: record.ref, state: current.id, to: target.id });
}

/** The first state of `kind` that `from` may move to (the policy's order decides between several). */
export function nextStateOfKind(policy: Policy, from: string, kind: StateKind): Outcome<StateDefinition> {
  const allowed = nextStates(policy, from);
  const target = allowed.map((id) => stateOf(policy, id)).find((state) => state?.kind === kind);
  if (target) return accept(target);
  if (!policy.lifecycle.states.some((state) => state.kind === kind)) return refuse('case.no_state_of_kind', { kind });
  // Name the policy's own state of that kind (cerrada, closed…), not the kind itself.
  const named = policy.lifecycle.states.find((state) => state.kind === kind)!;
  return refuse('case.invalid_transition', { from, to: named.id, allowed });
}

/**
 * The states in which a case waits on the customer: those of kind `waiting`, where `/case wait` puts it, whether or
 * not the policy pauses the SLA there. Approval and client-testing states pause the SLA too, but are not listed.
 */
export function waitingOnCustomerStates(policy: Policy): string[] {
  return policy.lifecycle.states.filter((state) => state.kind === 'waiting').map((state) => state.id);
}

/** Agents type states as they read them: `analisis`, `Análisis`, `ANÁLISIS` all name the same state. */
export function findStateByLabel(policy: Policy, text: string): StateDefinition | undefined {
  const wanted = fold(text);
  return policy.lifecycle.states.find(
    (state) =>
      fold(state.id) === wanted ||
      (typeof state.label === 'string' ? [state.label] : Object.values(state.label)).some(
        (label) => fold(label ?? '') === wanted,
      ),
  );
}

export const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();

export const isPausing = (policy: Policy, state: string) => stateOf(policy, state)?.pausesSla ?? false;
export const isTerminal = (policy: Policy, state: string) => stateOf(policy, state)?.terminal ?? false;
export const kindOf = (policy: Policy, state: string) => stateOf(policy, state)?.kind;
