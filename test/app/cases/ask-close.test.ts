import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../../db/schema/index.ts';
import { askConfirmation } from '../../../src/app/cases/ask-confirmation.ts';
import { showCase } from '../../../src/app/cases/case-queries.ts';
import { confirmByCustomer } from '../../../src/app/cases/customer-actions.ts';
import { closeCase, moveCase } from '../../../src/app/cases/lifecycle-cases.ts';
import { openCase } from '../../../src/app/cases/open-case.ts';
import { reopenCase } from '../../../src/app/cases/reopen-case.ts';
import { runAgentCommand } from '../../../src/app/chat/agent-command.ts';
import { customerActions } from '../../../src/app/portal/portal-cases.ts';
import { awaitedConfirmation } from '../../../src/domain/case/confirmations.ts';
import { parseCommand } from '../../../src/domain/chat/command-grammar.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';

// OYS seed 004, Análisis: "de no ser viable, se solicita cierre del requerimiento". The closure is asked of the
// customer in Análisis only once the agent asks (`/case ask-close`); in Producción, a state that is itself a wait for
// the customer, it is asked on entering as before. The portal's actions, the card's "pending from the customer", the
// email answer and the request email follow the one rule (askedNow).

describe('oys: the closure confirmation in Análisis is asked only when the agent asks', () => {
  const p = usePortero();

  async function setup() {
    const agent = await p.agent('oys', 'ana');
    await p.customer('oys', 'acme');
    const luis = await p.contact('oys', 'acme', 'luis', { name: 'Luis' });
    // A mailbox that sends for oys (its policy address is a placeholder): the request can go by email.
    await p.mailbox('oys', 'soporte@oys.invalid', { fromAddress: 'soporte@oys.example' });
    const caller = p.asAgent('oys', agent);
    const opened = p.ok(await openCase({ deps: p.deps, caller, customer: 'acme', reporter: 'luis', title: 'Informe' }));
    const ref = { number: opened.number };
    p.ok(await moveCase({ deps: p.deps, caller, ref, state: 'analisis' }));
    const state = async () => {
      const { record, snapshot } = p.ok(await showCase({ deps: p.deps, caller, ref }));
      const policy = p.deps.policies.policy('oys')!;
      return {
        portal: customerActions(policy, record).filter((action) => action.kind === 'confirm'),
        card: snapshot.pendingConfirmations,
        awaited: awaitedConfirmation(policy, record),
      };
    };
    const requests = () =>
      p.t.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.tenantId, 'oys'), eq(outbox.kind, 'case.confirmation_request')));
    const customerConfirms = () =>
      confirmByCustomer({
        deps: p.deps,
        caller: p.asContact('oys', luis),
        ref,
        kind: 'closure',
        rejected: false,
      });
    return { caller, ref, state, requests, customerConfirms };
  }

  it('nothing is pending in Análisis until the agent asks; then the portal, the card and the email agree', async () => {
    const { caller, ref, state, requests, customerConfirms } = await setup();
    expect(await state()).toEqual({ portal: [], card: [], awaited: undefined });
    expect(await customerConfirms()).toMatchObject({ ok: false, error: { code: 'case.confirmation_not_asked' } });
    expect(await requests()).toHaveLength(0);

    p.ok(await askConfirmation({ deps: p.deps, caller, ref, kind: 'closure', text: 'El requerimiento no es viable.' }));
    expect(await state()).toEqual({
      portal: [{ kind: 'confirm', confirmation: 'closure' }],
      card: ['closure'],
      awaited: 'closure',
    });
    const [request] = await requests();
    const payload = request!.payload as { to: string[]; body: string; from: string };
    expect(payload.to).toEqual([expect.stringContaining('luis')]);
    expect(payload.from).toBe('soporte@oys.example');
    expect(payload.body).toContain('espera la confirmación de cierre del cliente');
    expect(payload.body).toContain('El requerimiento no es viable.');

    p.ok(await customerConfirms());
    expect(p.ok(await closeCase({ deps: p.deps, caller, ref, resolution: 'No viable' }))).toMatchObject({
      state: 'cerrado',
    });
    // Reopened into Análisis: the closure is not asked again until an agent asks again.
    p.ok(await reopenCase({ deps: p.deps, caller, ref, reason: 'Se revisa de nuevo' }));
    expect(await state()).toEqual({ portal: [], card: [], awaited: undefined });
  });

  it('leaving Análisis forgets the request; a state that does not ask the closure refuses it', async () => {
    const { caller, ref, state } = await setup();
    p.ok(await askConfirmation({ deps: p.deps, caller, ref, kind: 'closure' }));
    p.ok(await moveCase({ deps: p.deps, caller, ref, state: 'esperando-cliente' }));
    expect(await askConfirmation({ deps: p.deps, caller, ref, kind: 'closure' })).toMatchObject({
      ok: false,
      error: { code: 'case.confirmation_not_asked', params: { state: 'esperando-cliente' } },
    });
    p.ok(await moveCase({ deps: p.deps, caller, ref, state: 'analisis' }));
    expect(await state()).toEqual({ portal: [], card: [], awaited: undefined });
  });

  it('/case ask-close through the chat grammar records the request and answers the agent', async () => {
    const { caller, ref, state } = await setup();
    const parsed = parseCommand(`ask-close ${ref.number} No es viable`);
    if (!parsed.ok) throw new Error('ask-close did not parse');
    const context = {
      deps: p.deps,
      caller,
      platform: 'console' as const,
      locale: 'es' as const,
      zone: 'UTC',
      prefix: 'case',
    };
    const answer = await runAgentCommand(context, parsed.command);
    expect(answer.text).toContain('Pedida al cliente la confirmación del cierre');
    expect(answer.text).toContain('Pendiente del cliente');
    expect((await state()).awaited).toBe('closure');
  });
});
