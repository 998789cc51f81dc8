// Expected business refusals are values with stable dotted codes; words are chosen at the edge, per locale.

export type CaseErrorCode =
  | 'case.not_found'
  | 'case.changed'
  | 'case.invalid_transition'
  | 'case.already_closed'
  | 'case.not_closed'
  | 'case.unknown_priority'
  | 'case.top_priority'
  | 'case.unknown_type'
  | 'case.type_not_for_phase'
  | 'case.wrong_channel_for_phase'
  | 'case.unknown_state'
  | 'case.no_state_of_kind'
  | 'case.assignee_required'
  | 'case.confirmation_required'
  | 'case.confirmation_not_asked'
  | 'case.override_not_needed'
  | 'case.estimate_required'
  | 'case.invalid_rating'
  | 'case.empty_text'
  | 'case.reopen_window_passed'
  | 'case.reopen_not_allowed'
  | 'case.reply_on_closed'
  | 'case.customer_not_found'
  | 'case.agent_not_found'
  | 'case.contact_not_found'
  | 'case.forbidden'
  | 'policy.quota_exceeded'
  | 'policy.reporter_limit'
  | 'policy.not_a_reporter'
  | 'case.no_reply_address'
  | 'case.sender_placeholder'
  | 'case.billable_confirmation_required'
  | 'case.about_within_warranty'
  | 'policy.unknown'
  | 'tenant.not_found'
  | 'tenant.duplicate'
  | 'tenant.invalid_prefix'
  | 'customer.duplicate'
  | 'customer.invalid_plan'
  | 'customer.invalid_phase'
  | 'case.reporter_required'
  | 'contact.duplicate'
  | 'agent.duplicate'
  | 'agent.invalid_timezone'
  | 'input.invalid'
  | 'case.unknown_list_term'
  | 'case.no_such_page'
  | 'directory.inactive'
  | 'directory.not_found'
  | 'directory.not_inactive'
  | 'directory.operator_only'
  | 'directory.nothing_to_change';

export interface CaseError {
  code: CaseErrorCode;
  /** Facts for the message: the allowed next states, the quota, the window… */
  params: Record<string, string | number | string[]>;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: CaseError };

export const refuse = (code: CaseErrorCode, params: CaseError['params'] = {}): { ok: false; error: CaseError } => ({
  ok: false,
  error: { code, params },
});
export const accept = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
