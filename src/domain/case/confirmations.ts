import type { ConfirmationKind, Policy, StateDefinition } from '../policy/policy.schema.ts';
import type { CaseRecord, CustomerConfirmation } from './case.types.ts';
import { accept, type Outcome, refuse } from './case-error.ts';
import { stateOf } from './lifecycle.ts';

// The customer's confirmations the policy's lifecycle asks for (oys: the estimate's approval, QA, PRD, the closure;
// itbx: the acceptance). Each is asked in a state and given there; entering that state again asks anew. In a working
// state the customer is asked only once an agent asks (askedNow).

/** The confirmations a move from `from` to `to` needs. */
export function requiredConfirmations(policy: Policy, from: string, to: string): ConfirmationKind[] {
  const rules = stateOf(policy, from)?.customerConfirmations ?? [];
  return [...new Set(rules.filter((rule) => rule.to.includes(to)).flatMap((rule) => rule.requires))];
}

/** The confirmations asked while a case is in `state`: those some move out of it needs. */
export function askedIn(policy: Policy, state: string): ConfirmationKind[] {
  const rules = stateOf(policy, state)?.customerConfirmations ?? [];
  return [...new Set(rules.flatMap((rule) => rule.requires))];
}

/** State kinds that are themselves a wait for the customer's word (oys: Aprobación, QA, Producción; itbx: PRUEBAS). */
export const WAITING_KINDS: readonly string[] = ['approval', 'testing', 'resolved'];

/**
 * The confirmations the customer is asked for now. A state that is itself a wait for their word asks all of its own;
 * a working state (oys Análisis: "de no ser viable, se solicita cierre") only those an agent asked for there
 * (`/case ask-close`). The portal's actions, the card's "pending from the customer", the email answer and the
 * request email all follow this one rule.
 */
export function askedNow(policy: Policy, record: CaseRecord): ConfirmationKind[] {
  const asked = askedIn(policy, record.state);
  if (WAITING_KINDS.includes(stateOf(policy, record.state)?.kind ?? 'active')) return asked;
  return asked.filter((kind) => record.askedConfirmations.includes(kind));
}

/** What a move still lacks: confirmations never given, and those the customer rejected. */
export function missingConfirmations(policy: Policy, record: CaseRecord, to: string) {
  const required = requiredConfirmations(policy, record.state, to);
  const given = (kind: ConfirmationKind) => record.confirmations[kind];
  return {
    missing: required.filter((kind) => given(kind)?.decision !== 'given'),
    rejected: required.filter((kind) => given(kind)?.decision === 'rejected'),
  };
}

/**
 * Refuses a move that lacks the customer's confirmations (`case.confirmation_required`, naming them), unless an agent
 * overrides it with a reason. An override where nothing is missing is refused too: it would audit a bypass of nothing.
 */
export function checkConfirmations(
  policy: Policy,
  record: CaseRecord,
  target: StateDefinition,
  override?: string,
): Outcome<{ overridden: ConfirmationKind[] }> {
  const { missing, rejected } = missingConfirmations(policy, record, target.id);
  if (override !== undefined) {
    if (missing.length === 0)
      return refuse('case.override_not_needed', { ref: record.ref, from: record.state, to: target.id });
    return accept({ overridden: missing });
  }
  if (missing.length === 0) return accept({ overridden: [] });
  return refuse('case.confirmation_required', {
    ref: record.ref,
    from: record.state,
    to: target.id,
    missing,
    rejected,
  });
}

/**
 * Entering a state asks its confirmations anew: earlier ones (from a previous round) no longer count. What an agent
 * asked for in the previous state is forgotten too (enterState resets `askedConfirmations`).
 */
export function confirmationsOnEntry(
  policy: Policy,
  record: CaseRecord,
  target: StateDefinition,
): CaseRecord['confirmations'] {
  if (target.id === record.state) return record.confirmations;
  const asked = askedIn(policy, target.id);
  const kept = Object.entries(record.confirmations).filter(([kind]) => !asked.includes(kind as ConfirmationKind));
  return Object.fromEntries(kept) as CaseRecord['confirmations'];
}

/**
 * Whether the customer may confirm `kind` now: only what the case asks of them now (askedNow), and an approval needs
 * an estimate. An agent recording it on the customer's behalf may record whatever the state asks: the customer said
 * so, asked or not.
 */
export function checkConfirmable(
  policy: Policy,
  record: CaseRecord,
  kind: ConfirmationKind,
  options: { onBehalf?: boolean } = {},
): Outcome<true> {
  if (!record.isOpen) return refuse('case.already_closed', { ref: record.ref, state: record.state });
  const asked = options.onBehalf ? askedIn(policy, record.state) : askedNow(policy, record);
  if (!asked.includes(kind))
    return refuse('case.confirmation_not_asked', { ref: record.ref, kind, state: record.state, asked });
  if (kind === 'approval' && !record.estimate) return refuse('case.estimate_required', { ref: record.ref });
  return accept(true);
}

export type { CustomerConfirmation };

/**
 * What the customer may confirm on an open case now: what it asks of them (askedNow) and they have not given yet, an
 * approval only once there is an estimate to approve. The portal offers each of them.
 */
export function confirmableNow(policy: Policy, record: CaseRecord): ConfirmationKind[] {
  return askedNow(policy, record).filter(
    (kind) => record.confirmations[kind]?.decision !== 'given' && (kind !== 'approval' || record.estimate !== null),
  );
}

/**
 * The one confirmation a case waits for now: the first it may be given (confirmableNow). One at a time, so that a
 * customer's "yes" by email can mean only one thing.
 */
export function awaitedConfirmation(policy: Policy, record: CaseRecord): ConfirmationKind | undefined {
  if (!record.isOpen) return undefined;
  return confirmableNow(policy, record)[0];
}
