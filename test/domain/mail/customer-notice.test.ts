import { describe, expect, it } from 'vitest';
import { loadPresets } from '../../../src/app/policy/policy-catalog.ts';
import {
  composeAcknowledgement,
  composeConfirmationRequest,
  composeUpdateNotice,
} from '../../../src/domain/mail/customer-notice.ts';
import { describePolicy } from '../../../src/domain/policy/policy.describe.ts';

const presets = await loadPresets();
const preset = (id: string) => presets.find((policy) => policy.id === id)!;

describe('what the customer is told without an agent writing it', () => {
  it('acknowledges in the policy’s language, in English too', () => {
    const english = { ...preset('itbx'), locale: 'en' as const };
    const ack = composeAcknowledgement({
      policy: english,
      ref: 'ITBX-9',
      title: 'Portal down',
      byEmail: true,
      link: 'http://portero.test/portal/itbx/cases/ITBX-9',
      redacted: false,
    });
    expect(ack.subject).toBe('Case received: Portal down');
    expect(ack.body).toContain('We have received your request and opened case ITBX-9: "Portal down".');
    expect(ack.body).toContain('reply to this email above the marked line, with ITBX-9 in the subject');
    expect(ack.body).toContain('You can follow the case at http://portero.test/portal/itbx/cases/ITBX-9');
    expect(ack.body).toContain('Never send passwords');
    expect(ack.body).not.toContain('we have hidden it');
  });

  // CrossPoint 365, seed 000 point 5: "una notificación, vía correo electrónico, de cualquier actualización".
  it('words each update the customer hears about, and nothing for the rest', () => {
    const policy = preset('crosspoint365');
    const facts = { policy, ref: 'CP365-3', title: 'Portal lento' };
    expect(
      composeUpdateNotice({
        ...facts,
        event: { type: 'waiting', data: { text: '¿Qué navegador?' } },
        state: 'esperando-cliente',
      })?.body,
    ).toMatch(/^El caso CP365-3 \(«Portal lento»\) está a la espera de su respuesta\.\n\nDetalle: ¿Qué navegador\?/);
    expect(
      composeUpdateNotice({ ...facts, event: { type: 'cancelled', data: { from: 'abierto' } }, state: 'cancelado' })
        ?.body,
    ).toContain('se ha cancelado');
    expect(composeUpdateNotice({ ...facts, event: { type: 'reopened' }, state: 'en-curso' })?.body).toContain(
      'se ha reabierto',
    );
    for (const type of ['note', 'assigned', 'customer_message', 'priority_changed']) {
      expect(composeUpdateNotice({ ...facts, event: { type }, state: 'en-curso' })).toBeUndefined();
    }
    const rule = expect.stringContaining('every update of a case is emailed to the customer');
    expect(describePolicy(policy, 'en')).toContainEqual(rule);
    expect(describePolicy(preset('jd-services'), 'en')).not.toContainEqual(rule);
  });

  // Issue 19: OYS "se solicitará al cliente la aprobación"; the request says how to answer by email, in the tenant's language.
  it('asks for the confirmation the case waits for, with the answer words, in Spanish and in English', () => {
    const facts = {
      ref: 'OYS-3',
      title: 'Reporte',
      kind: 'approval' as const,
      estimate: { minutes: 390, note: 'Dos informes' },
      link: 'http://portero.test/portal/oys/cases/OYS-3',
    };
    const es = composeConfirmationRequest({ policy: preset('oys'), ...facts });
    expect(es.subject).toBe('Su respuesta: Reporte');
    expect(es.body).toContain('El caso OYS-3 («Reporte») espera la aprobación de la estimación de horas.');
    expect(es.body).toContain('Estimación: 6,5 horas (Dos informes).');
    expect(es.body).toContain('Responda APRUEBO o RECHAZO en la primera línea');
    expect(es.body).toContain('También puede responder en el portal: http://portero.test/portal/oys/cases/OYS-3');
    const en = composeConfirmationRequest({
      policy: { ...preset('itbx'), locale: 'en' },
      ...facts,
      kind: 'acceptance',
    });
    expect(en.body).toContain('Case OYS-3 ("Reporte") is waiting for the customer\'s acceptance.');
    expect(en.body).toContain('Reply APPROVE or REJECT on the first line');
    expect(en.body).not.toContain('Estimate:'); // only an approval shows the estimate
  });
});
