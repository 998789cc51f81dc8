import type { CaseRecord } from '../../domain/case/case.types.ts';
import { accept, type Outcome } from '../../domain/case/case-error.ts';
import { redactSecrets } from '../../domain/chat/secrets.ts';
import { type CaseInput, runCaseUseCase } from '../cases/case-context.ts';
import type { MessageFile } from '../cases/customer-message.ts';
import { type OpenCaseInput, openInContext } from '../cases/open-case.ts';

/** A case opened from the portal's form: openCase's every rule, and its files stored in the same transaction. */
export function openPortalCase(
  input: CaseInput & Omit<OpenCaseInput, 'reporter'> & { files: MessageFile[] },
): Promise<Outcome<{ record: CaseRecord; redacted: boolean }>> {
  const { deps, caller, files, ...fields } = input;
  return runCaseUseCase('open', { deps, caller }, async (context) => {
    const opened = await openInContext(context, fields);
    if (!opened.ok) return opened;
    for (const file of files) {
      await context.repos.attachments.insert({
        tenantId: context.tenant.id,
        caseId: opened.value.id,
        eventId: null,
        ...file,
      });
    }
    // Whether a secret was taken out: the page says so (the event records which kinds).
    const redacted =
      redactSecrets(fields.title).redactions.length + redactSecrets(fields.description ?? '').redactions.length > 0;
    return accept({ record: opened.value, redacted });
  });
}
