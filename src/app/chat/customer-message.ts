import type { ChatMessage } from '../../domain/chat/chat-message.ts';
import { composeRedirect, secretWarning } from '../../domain/chat/redirect.ts';
import { triageMessage } from '../../domain/chat/triage.ts';
import type { Policy } from '../../domain/policy/policy.schema.ts';
import type { Clock } from '../clock.port.ts';
import { portalLink } from '../portal-link.ts';
import type { ContactRecord, CustomerRecord, Repositories, TenantRecord } from '../store.port.ts';
import type { InboundMessage } from './inbound.types.ts';

export interface CustomerSpeaker {
  contact?: ContactRecord;
  customer?: CustomerRecord;
}

export type CustomerDecision = 'redirected' | 'ignored' | 'suppressed' | 'secret_withheld';

/**
 * A customer wrote in chat. Support requests, status questions and commands get one redirect to the channels the
 * policy accepts for them, once per window; chit-chat gets nothing. Every decision is audited, never the text.
 */
export async function answerCustomer(
  repos: Repositories,
  clock: Clock,
  tenant: TenantRecord,
  policy: Policy,
  speaker: CustomerSpeaker,
  message: InboundMessage,
  /** PORTERO_PUBLIC_URL: the built-in portal's links are written from it. */
  publicUrl?: string,
): Promise<{ decision: CustomerDecision; replies: ChatMessage[] }> {
  const now = clock.now();
  const triage = triageMessage(message.text);
  const audit = (decision: CustomerDecision, data: Record<string, unknown>) =>
    repos.events.append({
      tenantId: tenant.id,
      caseId: null,
      type: `chat.${decision}`,
      at: now,
      actor: speaker.contact
        ? { kind: 'contact', contactId: speaker.contact.id }
        : { kind: 'customer', userId: message.user.id },
      channel: message.platform,
      data: {
        conversation: message.conversation.id,
        conversationKind: message.conversation.kind,
        kind: triage.kind,
        reason: triage.reason,
        language: triage.language,
        ...(triage.severity && { severity: triage.severity }),
        ...(triage.secrets.length > 0 && { secrets: triage.secrets }),
        ...data,
      },
    });

  if (triage.kind === 'chit-chat') {
    await audit('ignored', {});
    return { decision: 'ignored', replies: [] };
  }
  const key = {
    tenantId: tenant.id,
    platform: message.platform,
    conversationId: message.conversation.id,
    userId: message.user.id,
  };
  const last = await repos.redirects.last(key);
  const windowMs = policy.channels.redirectWindow * 60_000;
  if (last && now.getTime() - last.getTime() < windowMs) {
    // No nagging: one redirect per window. A pasted secret still gets its warning: that is about safety, not support.
    if (triage.secrets.length > 0) {
      await audit('secret_withheld', { suppressedRedirect: true });
      return { decision: 'secret_withheld', replies: [secretWarning(policy)] };
    }
    await audit('suppressed', { lastRedirectAt: last.toISOString(), windowMinutes: policy.channels.redirectWindow });
    return { decision: 'suppressed', replies: [] };
  }
  const reply = composeRedirect({
    policy,
    projectPhase: speaker.customer?.projectPhase,
    triage,
    builtInPortal: publicUrl === undefined ? undefined : portalLink(publicUrl, tenant.id),
  });
  await repos.redirects.record(key, now);
  await audit('redirected', {
    channels: (reply.actions ?? []).map((action) => action.label),
    customer: speaker.customer?.handle ?? null,
  });
  if (triage.secrets.length > 0) await audit('secret_withheld', {});
  return { decision: 'redirected', replies: [reply] };
}
