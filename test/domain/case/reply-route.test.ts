import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/app/policy/policy-catalog.ts';
import { describeCaseError } from '../../../src/domain/case/case-error.i18n.ts';
import { replyRoute } from '../../../src/domain/case/reply-route.ts';
import type { Policy } from '../../../src/domain/policy/policy.schema.ts';

// Issue 19, point 8 (leftover): a message to the customer is never sent from a placeholder address. Seed 004 (OYS):
// "Los canales formales de ingreso son: Correo electrónico, portal OYS." and gives neither address: the preset's
// soporte@oys.invalid stands in for the email. The portal, the other formal channel, takes the message instead; with
// no other channel the message is refused, naming the setting to fix.

describe('reply route', () => {
  it('oys: the placeholder sender is skipped for the OYS portal, where the customer reads the case', async () => {
    const oys = await loadPolicy('oys');
    expect(replyRoute(oys, oys.defaultPriority, 'production')).toEqual({
      ok: true,
      value: {
        via: 'portal',
        label: { es: 'Portal OYS', en: 'OYS portal' },
        // No url: the built-in portal (the message says the case's page in it).
        skippedPlaceholder: 'soporte@oys.invalid',
      },
    });
    // Once the operator sets the real address, replies are emails from it again.
    const real: Policy = {
      ...oys,
      channels: {
        ...oys.channels,
        accepted: oys.channels.accepted.map((c) => (c.kind === 'email' ? { ...c, address: 'soporte@oys.cl' } : c)),
      },
    };
    expect(replyRoute(real, real.defaultPriority, 'production')).toEqual({
      ok: true,
      value: { via: 'email', from: 'soporte@oys.cl' },
    });
  });

  it('with email as the only channel and a placeholder sender, the message is refused with the setting to fix', async () => {
    const oys = await loadPolicy('oys');
    const emailOnly: Policy = {
      ...oys,
      channels: { ...oys.channels, accepted: oys.channels.accepted.filter((c) => c.kind === 'email') },
    };
    const refused = replyRoute(emailOnly, emailOnly.defaultPriority, 'production');
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'case.sender_placeholder',
        params: { address: 'soporte@oys.invalid', path: 'channels.accepted[0].address' },
      },
    });
    if (refused.ok) throw new Error('expected a refusal');
    expect(describeCaseError({ ...refused.error, params: { ...refused.error.params, ref: 'OYS-1' } }, 'es')).toBe(
      'No se puede escribir al cliente de OYS-1: la única vía es el correo y su remitente (soporte@oys.invalid) es un marcador de la política; configure la dirección real en «channels.accepted[0].address».',
    );

    // A priority's own intake address is the sender where email is routed by priority (jd-services): its path is named.
    const jd = await loadPolicy('jd-services');
    const placeholderB: Policy = {
      ...jd,
      priorities: jd.priorities.map((p) => (p.id === 'B' ? { ...p, intake: 'soporte-b@jd-services.invalid' } : p)),
    };
    expect(replyRoute(placeholderB, 'B', 'production')).toMatchObject({
      ok: false,
      error: { params: { address: 'soporte-b@jd-services.invalid', path: 'priorities[1].intake' } },
    });
    expect(replyRoute(placeholderB, 'A', 'production')).toEqual({
      ok: true,
      value: { via: 'email', from: 'soporte-a@jd-services.eu' },
    });
  });
});
