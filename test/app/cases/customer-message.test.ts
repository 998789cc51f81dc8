import { describe, expect, it } from 'vitest';
import { showCase } from '../../../src/app/cases/case-queries.ts';
import { assignCase } from '../../../src/app/cases/case-updates.ts';
import { addCustomerMessage } from '../../../src/app/cases/customer-message.ts';
import { closeCase, waitForCustomer } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

describe('the customer writes on their case (email reply, portal)', () => {
  const p = usePortero();

  async function waitingCase() {
    const agent = await p.agent('jd-services', 'ana');
    await p.customer('jd-services', 'acme');
    const luis = await p.contact('jd-services', 'acme', 'luis');
    const caller = p.asAgent('jd-services', agent);
    const opened = p.ok(
      await openCase({ deps: p.deps, caller, customer: 'acme', reporter: 'luis', title: 'No imprime', priority: 'B' }),
    );
    const ref = { number: opened.number };
    p.ok(await assignCase({ deps: p.deps, caller, ref, assignee: { kind: 'me' } }));
    p.ok(await waitForCustomer({ deps: p.deps, caller, ref, text: '¿Qué modelo es?' }));
    return { caller, ref, luis, opened };
  }

  it('records the message with secrets redacted and sends a waiting case back to work', async () => {
    const { caller, ref, luis } = await waitingCase();
    const before = p.ok(await showCase({ deps: p.deps, caller, ref })).record;
    // By email, an attempt counts once the relay delivered it (test/app/sla/contact-attempts.test.ts).
    expect(before.contactAttempts).toBe(0);
    expect(before.state).toBe('esperando-cliente');
    const after = p.ok(
      await addCustomerMessage({
        deps: p.deps,
        caller: p.asContact('jd-services', luis),
        ref,
        text: 'Es una HP. Mi clave es password: Hunter2!',
        attachments: [{ name: 'foto.jpg', size: 2048 }],
        messageId: 'abc@acme.test',
      }),
    );
    expect(after.state).toBe('en-curso');
    expect(after.contactAttempts).toBe(0);
    expect(after.contactLog).toEqual([]);
    const events = await p.deps.store.transaction((repos) => repos.events.forCase('jd-services', after.id));
    const message = events.find((event) => event.type === 'customer_message')!;
    expect(message.actor).toEqual({ kind: 'contact', contactId: luis.id });
    expect(message.data).toMatchObject({
      attachments: [{ name: 'foto.jpg', size: 2048 }],
      messageId: 'abc@acme.test',
      from: before.state,
      to: after.state,
    });
    expect(JSON.stringify(message)).not.toContain('Hunter2');
  });

  it('refuses an agent, an empty or too long message and a closed case', async () => {
    const { caller, ref, luis } = await waitingCase();
    const asLuis = p.asContact('jd-services', luis);
    const refusal = async (input: Parameters<typeof addCustomerMessage>[0]) => {
      const outcome = await addCustomerMessage(input);
      return outcome.ok ? 'accepted' : outcome.error.code;
    };
    expect(await refusal({ deps: p.deps, caller, ref, text: 'hola' })).toBe('case.forbidden');
    expect(await refusal({ deps: p.deps, caller: asLuis, ref, text: '  ' })).toBe('case.empty_text');
    // The same limit on free text as every other surface (src/domain/input/input-rules.ts).
    expect(await refusal({ deps: p.deps, caller: asLuis, ref, text: 'a'.repeat(10_001) })).toBe('input.invalid');
    p.ok(await closeCase({ deps: p.deps, caller, ref, resolution: 'Resuelto' }));
    expect(await refusal({ deps: p.deps, caller: asLuis, ref, text: 'otra cosa' })).toBe('case.already_closed');
  });
});
