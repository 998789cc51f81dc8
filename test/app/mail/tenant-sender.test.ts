import { describe, expect, it } from 'vitest';
import { tenantSender } from '../../../src/app/mail/tenant-sender.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// What SLA alerts and automatic notices are sent from: never a placeholder, and never nothing when the tenant has a
// mailbox (SMTP refuses a message without a sender).

describe('the sender of a tenant’s automatic mail', () => {
  const p = usePortero();
  const sender = (tenantId: string, priority: string) =>
    p.deps.store.transaction(async (repos) => {
      const policy = p.policies.policy((await repos.tenants.get(tenantId))!.policyId)!;
      return tenantSender(repos, tenantId, policy, priority);
    });

  it('is the priority’s intake address, else the policy’s, else the tenant’s mailbox, never a placeholder', async () => {
    expect(await sender('jd-services', 'A')).toBe('soporte-a@jd-services.eu');
    expect(await sender('crosspoint365', 'normal')).toBe('soporte@crosspoint365.com');
    // oys's soporte@oys.invalid is a placeholder and itbx takes no email: nothing until a mailbox exists.
    expect(await sender('oys', 'media')).toBeNull();
    expect(await sender('itbx', 'media')).toBeNull();
    await p.mailbox('itbx', 'soporte@itbx.co', { fromAddress: 'no-reply@itbx.co' });
    expect(await sender('itbx', 'media')).toBe('no-reply@itbx.co');
  });
});
