import { describe, expect, it } from 'vitest';
import { portalLink } from '../../../src/app/portal-link.ts';
import type { ChatMessage } from '../../../src/domain/chat/chat-message.ts';
import { textIn } from '../../../src/domain/policy/localized-text.ts';
import { knownTarget } from '../../../src/domain/policy/policy.assumptions.ts';
import { isBuiltInPortal, type Policy } from '../../../src/domain/policy/policy.schema.ts';
import { TEST_PUBLIC_URL, usePortero } from '../../helpers/portero-fixture.ts';
import { bindConversation, channel, chatEvents, linkConsole, onlyReply, say } from './chat-fixture.ts';

// What a customer gets for asking for support in chat, per shipped preset, through the same entry point as Slack,
// Teams and `portero chat`: handleInbound with a console message.

const PRESETS = ['itbx', 'jd-services', 'crosspoint365', 'arcoirisapp', 'oys'];
const OUTAGE = 'URGENTE: se cayó el servicio, no funciona nada para nadie';
const ENGLISH_OUTAGE = 'Hi, the portal is down and nobody can log in, please help';
const links = (reply: ChatMessage) => (reply.actions ?? []).flatMap((a) => (a.kind === 'link' ? [a.url] : []));

/** Every URL or mailto: the policy could ever offer a customer. */
function offerable(policy: Policy): string[] {
  return [
    ...policy.channels.accepted.flatMap((c) => [
      isBuiltInPortal(c) ? portalLink(TEST_PUBLIC_URL, policy.id) : c.url,
      c.address && `mailto:${c.address}`,
    ]),
    ...policy.priorities.map((p) => p.intake && `mailto:${p.intake}`),
  ].filter((x): x is string => typeof x === 'string');
}

describe('the redirect a customer gets in chat', () => {
  const p = usePortero();
  const policyOf = (tenant: string) => p.policies.policy(tenant)!;

  describe.each(PRESETS)('%s', (tenant) => {
    it('answers an unknown customer in a DM once, privately, in Spanish, with only the accepted channels', async () => {
      const policy = policyOf(tenant);
      const outcome = await say(p, { tenant, user: 'walk-in', text: OUTAGE });
      expect(outcome).toMatchObject({ speaker: 'customer', decision: 'redirected' });
      expect(outcome.replies).toHaveLength(1);
      const reply = outcome.replies[0]!;
      expect(reply.visibility).toBe('private');
      expect(reply.text).toMatch(/^Gracias por escribirnos, pero el chat no es un canal de soporte de /);
      expect(reply.text).toContain(policy.name);
      for (const url of links(reply)) expect(offerable(policy)).toContain(url);
      // Every accepted channel is listed (the customer's phase is unknown here): with its address when it is known,
      // by its name alone when the preset only has a placeholder, which a customer never sees.
      expect(reply.text).not.toContain('.invalid');
      // A portal without a url is the built-in one: always known.
      const target = (accepted: Policy['channels']['accepted'][number]) =>
        isBuiltInPortal(accepted) ? portalLink(TEST_PUBLIC_URL, policy.id) : knownTarget(accepted);
      const withTarget = policy.channels.accepted.filter(
        (accepted) => accepted.url ?? accepted.address ?? isBuiltInPortal(accepted),
      );
      const known = withTarget.filter((accepted) => target(accepted));
      for (const accepted of known) expect(reply.text).toContain(target(accepted));
      if (known.length === 0) {
        for (const accepted of withTarget) expect(reply.text).toContain(textIn(accepted.label, 'es', 'es'));
      }
      // Hours the seed does not state (jd-services, oys) are not shown while unconfirmed.
      if (policy.calendars[policy.defaultCalendar]?.assumption === 'unconfirmed') {
        expect(reply.text).not.toContain('Horario');
      } else {
        expect(reply.text).toContain('Horario de atención:');
      }
      expect(reply.text).toContain('Incluya en el caso:');
      expect(reply.text).not.toContain('No envíe contraseñas');
    });

    it("answers in the policy's language, not the customer's", async () => {
      const reply = await onlyReply(p, { tenant, user: 'tourist', text: ENGLISH_OUTAGE });
      expect(policyOf(tenant).locale).toBe('es');
      expect(reply.text).toContain('el chat no es un canal de soporte');
      expect(reply.text).not.toMatch(/Thanks for writing|Support hours/);
    });

    it('redirects a status question and an attempted agent command too, each with its own lead', async () => {
      const status = await onlyReply(p, { tenant, user: 'asker', text: '¿Cómo va mi caso 1234?' });
      expect(status.text).toMatch(
        /^Gracias por su consulta\. .*el estado de los casos solo se informa por .*no por chat\./,
      );
      expect(status.text).not.toContain('Incluya en el caso:');
      const command = await onlyReply(p, { tenant, user: 'poser', text: 'case assign 1 me' });
      expect(command.text).toMatch(/^Los comandos de Portero son solo para el equipo de soporte/);
      for (const url of links(command)) expect(offerable(policyOf(tenant))).toContain(url);
    });
  });

  it('jd-services: recommends the intake address of the severity described, with the priority guide', async () => {
    const tenant = 'jd-services';
    const cases = [
      [OUTAGE, 'soporte-a@jd-services.eu'],
      ['la aplicación va lenta para algunos usuarios', 'soporte-b@jd-services.eu'],
      ['Hola, una pregunta: ¿cómo cambio mi firma en el correo?', 'soporte-c@jd-services.eu'],
    ] as const;
    for (const [i, [text, address]] of cases.entries()) {
      const reply = await onlyReply(p, { tenant, user: `customer-${i}`, text });
      expect(links(reply)[0]).toBe(`mailto:${address}`);
      expect(reply.text).toContain(`Abra su caso por:\n• Correo · prioridad`);
      expect(reply.text.split('Prioridades:')[0]).toContain(address);
      expect(reply.text).toContain('Prioridades:\n• A (Alta) · crítica · soporte-a@jd-services.eu');
    }
  });

  // Seed 002: "Cualquier duda, puedes comunicarte con el área de soporte. Correo: soporte@itbx.co Teléfonos fijo: +57
  // 601 3557622 Celular: +57 350 318 99 22"; cases are reported "en el portal".
  it('itbx: a question gets soporte@itbx.co and the phones besides the portal; a case still goes to the portal only', async () => {
    const tenant = 'itbx';
    const question = await onlyReply(p, { tenant, user: 'curioso', text: '¿Cómo exporto el reporte de campañas?' });
    expect(question.text).toContain(
      'Para dudas (no para abrir casos) también puede escribir a soporte@itbx.co o llamar al +57 601 3557622, ' +
        '+57 601 467 22 22 o +57 350 318 99 22.',
    );
    // The help centre is Portero's built-in portal (the preset gives no url); the contact is words, not a button.
    const portal = 'Abra su caso por:\n• Centro de asistencia de ITBX: http://portero.test/portal/itbx/\n';
    expect(question.text).toContain(portal);
    expect(links(question)).toEqual(['http://portero.test/portal/itbx/']);
    const outage = await onlyReply(p, { tenant, user: 'afectado', text: OUTAGE });
    expect(outage.text).toContain(portal);
    expect(outage.text).not.toContain('soporte@itbx.co');
    expect(outage.text).not.toContain('+57');
  });

  describe('crosspoint365: the channels of the customer project phase', () => {
    const tenant = 'crosspoint365';
    // The preset's Azure DevOps URL is a placeholder: named, never linked. Its portal is Portero's built-in one.
    const AZURE = '• Dashboard del proyecto en Azure DevOps';
    const PORTAL = '• Portal de Cliente de CrossPoint';

    async function contactAt(phase: 'implementation' | 'production', handle: string) {
      await p.customer(tenant, `${handle}-co`, { projectPhase: phase });
      const contact = await p.contact(tenant, `${handle}-co`, handle);
      await linkConsole(p, tenant, handle, { personKind: 'contact', personId: contact.id });
      return contact;
    }

    it('sends a contact whose project is in implementation to Azure DevOps only', async () => {
      await contactAt('implementation', 'ines');
      const reply = await onlyReply(p, { tenant, user: 'ines', text: 'Hemos encontrado un bug en el formulario' });
      expect(links(reply)).toEqual([]);
      expect(reply.text).toContain(AZURE);
      expect(reply.text).not.toContain(PORTAL);
      expect(reply.text).not.toContain('soporte@crosspoint365.com');
      expect(reply.text).not.toContain('proyectos en'); // the phase is known: no phase notes
    });

    it('sends a contact whose project is in production to the portal and the support email, not Azure DevOps', async () => {
      await contactAt('production', 'pablo');
      const reply = await onlyReply(p, { tenant, user: 'pablo', text: OUTAGE });
      expect(links(reply)).toEqual(['http://portero.test/portal/crosspoint365/', 'mailto:soporte@crosspoint365.com']);
      expect(reply.text).not.toContain(AZURE);
    });

    it("takes the phase from a customer channel's company for someone not registered", async () => {
      await p.customer(tenant, 'nova', { projectPhase: 'implementation' });
      await bindConversation(p, tenant, 'shared-nova', 'customer', 'nova');
      const reply = await onlyReply(p, {
        tenant,
        user: 'stranger',
        conversation: channel('shared-nova'),
        text: 'No funciona el login del proyecto',
      });
      expect(reply.text).toContain(AZURE);
      const [event] = await chatEvents(p, tenant);
      expect(event).toMatchObject({ type: 'chat.redirected', data: { customer: 'nova' } });
    });
  });

  it('arcoirisapp: offers the ticket form only, never an email address', async () => {
    const tenant = 'arcoirisapp';
    expect(policyOf(tenant).channels.refused).toContain('email');
    for (const [i, text] of [OUTAGE, '¿Cómo va mi tiquete 88?', 'necesito ayuda con una factura'].entries()) {
      const reply = await onlyReply(p, { tenant, user: `user-${i}`, text });
      expect(links(reply)).toEqual(['http://portero.test/portal/arcoirisapp/']); // the built-in portal's form
      expect(reply.text).toContain('• Formulario de nuevo tiquete de soporte: http://portero.test/portal/arcoirisapp/');
      expect(reply.text).not.toMatch(/@|mailto:|\.invalid/);
    }
  });

  it('a registered contact is redirected like anyone else: chat is not a support channel for them either', async () => {
    await p.customer('itbx', 'acme');
    const contact = await p.contact('itbx', 'acme', 'lucia');
    await linkConsole(p, 'itbx', 'lucia', { personKind: 'contact', personId: contact.id });
    const reply = await onlyReply(p, { tenant: 'itbx', user: 'lucia', text: 'No me carga el reporte de ventas' });
    expect(reply.text).toContain('• Centro de asistencia de ITBX');
    const [event] = await chatEvents(p, 'itbx');
    expect(event).toMatchObject({
      type: 'chat.redirected',
      actor: { kind: 'contact', contactId: contact.id },
      data: { customer: 'acme' },
    });
  });
});
