import type { CaseRecord } from '../../domain/case/case.types.ts';
import { accept, type Outcome } from '../../domain/case/case-error.ts';
import { type CaseContext, type CaseInput, type CaseRef, findCase, runCaseUseCase } from './case-context.ts';
import { type ChangeEvent, commitChange } from './commit-change.ts';

export type CaseEdit = Outcome<{ record: CaseRecord; event: ChangeEvent }>;

/**
 * The shape of every change of one case: reads it locked (concurrent changes of it take turns), lets `edit` decide,
 * commits the change with its event and notifications.
 */
export function editCase(
  name: string,
  input: CaseInput & { ref: CaseRef },
  edit: (context: CaseContext, record: CaseRecord) => CaseEdit | Promise<CaseEdit>,
): Promise<Outcome<CaseRecord>> {
  return runCaseUseCase(name, input, async (context) => {
    const found = await findCase(context, input.ref, { forUpdate: true });
    if (!found.ok) return found;
    const decided = await edit(context, found.value);
    if (!decided.ok)
      return { ok: false, error: { ...decided.error, params: { ...decided.error.params, caseId: found.value.id } } };
    const committed = await commitChange(context, decided.value.record, decided.value.event);
    return accept(committed.record);
  });
}
