import { describe, expect, it } from 'vitest';
import { listPresetIds, loadPolicy } from '../../../src/app/policy/policy-catalog.ts';
import type { ChatMessage } from '../../../src/domain/chat/chat-message.ts';
import { composeRedirect } from '../../../src/domain/chat/redirect.ts';
import { triageMessage } from '../../../src/domain/chat/triage.ts';
import type { Policy, ProjectPhase } from '../../../src/domain/policy/policy.schema.ts';

// The redirect each shipped preset produces. The presets are written alongside this code: a preset not there yet
// skips its block, and says so in the block's name.

const presets = await listPresetIds();
const has = (id: string) => presets.includes(id);
const missing = (id: string) => `${id} preset${has(id) ? '' : ' (skipped: policies/' + id + '.yaml not present yet)'}`;

const reply = (policy: Policy, message: string, projectPhase?: ProjectPhase): ChatMessage =>
  composeRedirect({ policy, triage: triageMessage(message), ...(projectPhase && { projectPhase }) });
const urls = (message: ChatMessage) => (message.actions ?? []).map((a) => (a.kind === 'link' ? a.url : a.command));

const OUTAGE = 'URGENTE: se cayó el servicio, no funciona nada para nadie';
const MINOR = 'Hola, una pregunta: ¿cómo cambio mi firma en el correo?';
const STATUS = '¿Cómo va mi caso 1234?';
const SECRET = 'no puedo entrar, mi contraseña es Verano2024!';
const SPANISH_LEAD = /^(Gracias por (escribirnos|su consulta)|Los comandos de Portero)/;

describe.each(presets)('%s preset: every redirect', (id) => {
  it('is in Spanish, private, lists only accepted channels and never a refused one', async () => {
    const policy = await loadPolicy(id);
    expect(policy.locale).toBe('es');
    const accepted = policy.channels.accepted;
    for (const message of [OUTAGE, MINOR, STATUS, SECRET, '/case assign X-1 me']) {
      const redirect = reply(policy, message);
      expect(redirect.visibility).toBe('private');
      expect(redirect.text).toMatch(SPANISH_LEAD);
      // Hours a preset assumed and nobody confirmed are not shown (jd-services, oys); the seed's own hours are.
      const hours = policy.calendars[policy.defaultCalendar]?.assumption === 'unconfirmed' ? 'not' : 'to';
      if (hours === 'to') expect(redirect.text).toContain('Horario de atención:');
      else expect(redirect.text).not.toMatch(/Horario (de atención|habitual)/);
      // A placeholder is never shown to a customer.
      expect(redirect.text).not.toContain('.invalid');
      for (const url of urls(redirect)) {
        const known =
          accepted.some((c) => c.url === url || `mailto:${c.address}` === url) ||
          policy.priorities.some((p) => `mailto:${p.intake}` === url);
        expect(known, `${id}: ${url}`).toBe(true);
      }
      if (policy.channels.refused.includes('email')) expect(redirect.text).not.toContain('@');
    }
  });

  it('warns about the secret and does not repeat it', async () => {
    const redirect = reply(await loadPolicy(id), SECRET);
    expect(redirect.text).toContain('No envíe contraseñas, claves ni datos de tarjetas por ningún canal');
    expect(redirect.text).not.toContain('Verano2024');
  });

  it('answers a status question with the status wording', async () => {
    const redirect = reply(await loadPolicy(id), STATUS);
    expect(redirect.text).toContain('el estado de los casos solo se informa por');
    expect(redirect.text).not.toContain('Incluya en el caso');
  });
});

describe.runIf(has('arcoirisapp'))(missing('arcoirisapp'), () => {
  it('names the ticket form only, with no email address anywhere, and no placeholder URL', async () => {
    const policy = await loadPolicy('arcoirisapp');
    for (const message of [OUTAGE, MINOR, SECRET]) {
      const redirect = reply(policy, message);
      // The seed gives no URL: the preset's is a placeholder, so the form is named, not linked.
      expect(redirect.actions).toEqual([]);
      expect(redirect.text).toContain('Abra su caso por:\n• Formulario de nuevo tiquete de soporte\n');
      expect(redirect.text).not.toMatch(/@|mailto:|\.invalid/);
    }
    const real = { ...policy.channels.accepted[0]!, url: 'https://soporte.arcoirisapp.co/tiquetes/nuevo' };
    const configured = { ...policy, channels: { ...policy.channels, accepted: [real] } };
    expect(urls(reply(configured, OUTAGE))).toEqual(['https://soporte.arcoirisapp.co/tiquetes/nuevo']);
  });
});

describe('placeholders and assumed hours (issue 19, point 8)', () => {
  it('jd-services: hours the seed never states are not shown until confirmed, then as "Horario habitual"', async () => {
    const policy = await loadPolicy('jd-services');
    expect(reply(policy, OUTAGE).text).not.toContain('Horario');
    const laboral = { ...policy.calendars.laboral!, assumption: 'confirmed' as const };
    const confirmed = { ...policy, calendars: { ...policy.calendars, laboral } };
    expect(reply(confirmed, OUTAGE).text).toContain('Horario habitual: lunes a viernes de 09:00 a 18:00');
    const stated = { ...policy, calendars: { ...policy.calendars, laboral: { ...laboral, assumption: undefined } } };
    expect(reply(stated, OUTAGE).text).toContain('Horario de atención: lunes a viernes de 09:00 a 18:00');
  });

  it('oys: with only placeholders, both channels are named and nothing invented is shown', async () => {
    const redirect = reply(await loadPolicy('oys'), OUTAGE);
    expect(redirect.text).toContain('Abra su caso por:\n• Correo electrónico de soporte OYS\n• Portal OYS');
    expect(redirect.text).not.toMatch(/\.invalid|Horario/);
    expect(redirect.actions).toEqual([]);
  });
});

describe.runIf(has('itbx'))(missing('itbx'), () => {
  // Seed 002: "Cualquier duda, puedes comunicarte con el área de soporte. Correo: soporte@itbx.co".
  it('offers soporte@itbx.co and the phones for a question, never for a problem', async () => {
    const policy = await loadPolicy('itbx');
    for (const question of [MINOR, '¿Cuál es el horario de soporte?', 'tengo una duda sobre las campañas']) {
      expect(reply(policy, question).text, question).toContain(
        'escribir a soporte@itbx.co o llamar al +57 601 3557622',
      );
    }
    for (const problem of [OUTAGE, 'El portal no carga', STATUS]) {
      expect(reply(policy, problem).text, problem).not.toContain('soporte@itbx.co');
    }
  });
});

describe.runIf(has('jd-services'))(missing('jd-services'), () => {
  it('recommends soporte-a for an outage and soporte-c for a minor question, with the priority guide', async () => {
    const policy = await loadPolicy('jd-services');
    expect(urls(reply(policy, OUTAGE))[0]).toBe('mailto:soporte-a@jd-services.eu');
    expect(urls(reply(policy, MINOR))[0]).toBe('mailto:soporte-c@jd-services.eu');
    expect(urls(reply(policy, 'la aplicación va lenta para algunos usuarios'))[0]).toBe(
      'mailto:soporte-b@jd-services.eu',
    );
    const guide = reply(policy, OUTAGE).notes?.find((note) => note.startsWith('Prioridades:'));
    expect(guide).toContain('A (Alta) · crítica · soporte-a@jd-services.eu');
    expect(guide).toContain('C (Baja) · mínima · soporte-c@jd-services.eu');
  });
});

describe.runIf(has('crosspoint365'))(missing('crosspoint365'), () => {
  it('shows Azure DevOps only to customers whose project is in implementation', async () => {
    const policy = await loadPolicy('crosspoint365');
    // The Azure DevOps and portal URLs are placeholders: named, never linked.
    expect(reply(policy, MINOR, 'implementation').text).toContain('• Dashboard del proyecto en Azure DevOps\n');
    expect(reply(policy, MINOR, 'production').text).not.toContain('• Dashboard del proyecto');
    // The portal's URL is unknown; the support email is real, so it is what the customer gets.
    expect(urls(reply(policy, MINOR, 'production'))).toEqual(['mailto:soporte@crosspoint365.com']);
    expect(reply(policy, MINOR, 'production').text).not.toContain('• Portal de Cliente');
    // Phase unknown: the email serves production, so the portal is left out; Azure DevOps is still named for
    // implementation projects, which nothing else serves.
    const unknown = reply(policy, MINOR).text;
    expect(unknown).toContain('• Dashboard del proyecto en Azure DevOps (proyectos en implantación)');
    expect(unknown).not.toContain('• Portal de Cliente');
  });

  it('says status is given only through the portal, email or Azure DevOps', async () => {
    const policy = await loadPolicy('crosspoint365');
    const redirect = reply(policy, 'any update on ticket CP-77?');
    expect(redirect.text).toMatch(/el estado de los casos solo se informa por .*portal.*correo.*Azure DevOps/i);
  });
});
