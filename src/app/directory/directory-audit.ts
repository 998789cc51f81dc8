import type { Actor, Channel } from '../../domain/case/case.types.ts';
import { type CaseError, type Outcome, refuse } from '../../domain/case/case-error.ts';
import type { Clock } from '../clock.port.ts';
import type { PolicyBook } from '../policy-book.port.ts';
import type { Repositories, Store, TenantRecord } from '../store.port.ts';

// The directory's audit trail: `case_events` rows without a case, naming who made each change and what it was.

export interface DirectoryDeps {
  store: Store;
  clock: Clock;
  policies: PolicyBook;
}

/** Who changes the directory: an agent, or an operator at the CLI (`by` names them). */
export interface DirectoryActor {
  actor: Actor;
  by: string;
  /** Where the change was made: the CLI unless an agent made it in chat. */
  channel?: Channel;
}
export const SYSTEM_OPERATOR: DirectoryActor = { actor: { kind: 'system' }, by: 'system' };

export type DirectoryKind = 'tenant' | 'customer' | 'contact' | 'agent' | 'channel';

/** What was changed: each field with its value before and after. */
export type Changes = Record<string, [unknown, unknown]>;

/** The audit event of a directory change, in the change's transaction. */
export async function auditChange(
  deps: DirectoryDeps,
  repos: Repositories,
  tenantId: string,
  who: DirectoryActor,
  type:
    | 'directory.added'
    | 'directory.updated'
    | 'directory.deactivated'
    | 'directory.reactivated'
    | 'directory.deleted',
  data: { kind: DirectoryKind; handle: string; changes?: Changes },
): Promise<void> {
  await repos.events.append({
    tenantId,
    caseId: null,
    type,
    at: deps.clock.now(),
    actor: who.actor,
    channel: who.channel ?? 'cli',
    data: { ...data, by: who.by },
  });
}

/** A rule's refusal of a directory change, recorded in the audit trail in the same transaction. */
export async function auditRefusal(
  deps: DirectoryDeps,
  repos: Repositories,
  tenant: TenantRecord,
  useCase: string,
  error: CaseError,
  facts: CaseError['params'],
): Promise<Outcome<never>> {
  const params = { ...error.params, ...facts };
  await repos.events.append({
    tenantId: tenant.id,
    caseId: null,
    type: 'refused',
    at: deps.clock.now(),
    actor: { kind: 'system' },
    channel: 'cli',
    data: { useCase, code: error.code, params },
  });
  return refuse(error.code, params);
}
