import type { CaseRecord } from '../../domain/case/case.types.ts';
import { accept, type Outcome } from '../../domain/case/case-error.ts';
import { type Caller, type CaseContext, type CaseDeps, type CaseRef, runOnCase } from './case-context.ts';
import { type ChangeEvent, commitChange } from './commit-change.ts';

export type CaseEdit = Outcome<{ record: CaseRecord; event: ChangeEvent }>;

/** Loads the case for update, lets `edit` decide, commits the change with its event and notifications. */
export function changeCase(
  deps: CaseDeps,
  caller: Caller,
  name: string,
  ref: CaseRef,
  edit: (context: CaseContext, record: CaseRecord) => CaseEdit | Promise<CaseEdit>,
): Promise<Outcome<CaseRecord>> {
  return runOnCase(deps, caller, name, ref, { forUpdate: true }, async (context, found) => {
    const decided = await edit(context, found);
    if (!decided.ok)
      return { ok: false, error: { ...decided.error, params: { ...decided.error.params, caseId: found.id } } };
    const { record } = await commitChange(context, decided.value.record, decided.value.event, {
      final: true,
    });
    return accept(record);
  });
}

/** Opens or closes the pause list as the case enters or leaves a pausing state. */
export function withPause(record: CaseRecord, pausing: boolean, at: Date): CaseRecord['pauses'] {
  const open = record.pauses.find((pause) => pause.to === undefined);
  if (pausing && !open) return [...record.pauses, { from: at.getTime() }];
  if (!pausing && open)
    return record.pauses.map((pause) => (pause === open ? { from: pause.from, to: at.getTime() } : pause));
  return record.pauses;
}
