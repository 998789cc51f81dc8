import { describe, expect, it } from 'vitest';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { linkConsole, onlyReply } from './chat-fixture.ts';

// The SLA alert cards carry an "I'm on it" button whose command is `ack <ref>`: it must run as an agent command.
describe('case ack', () => {
  const p = usePortero();

  it('runs from chat and says when there is no breach to take', async () => {
    const ana = await p.agent('itbx', 'ana');
    await linkConsole(p, 'itbx', 'ana', { personKind: 'agent', personId: ana.id });
    await p.customer('itbx', 'acme');
    await onlyReply(p, { tenant: 'itbx', user: 'ana', text: 'case new alta acme Portal caído' });
    const reply = await onlyReply(p, { tenant: 'itbx', user: 'ana', text: 'case ack ITBX-1' });
    expect(reply.text).toBe('ITBX-1 no tiene incumplimientos pendientes de atender.');
    expect(reply.visibility).toBe('private');
  });
});
