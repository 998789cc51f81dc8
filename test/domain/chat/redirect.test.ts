import { describe, expect, it } from 'vitest';
import { composeRedirect, secretWarning } from '../../../src/domain/chat/redirect.ts';
import { describePolicyHours } from '../../../src/domain/chat/support-hours.ts';
import { type TriageResult, triageMessage } from '../../../src/domain/chat/triage.ts';
import { buildPolicy, buildPriorityRoutedPolicy } from './policy-builder.ts';

const support = (overrides: Partial<TriageResult> = {}): TriageResult => ({
  kind: 'support-request',
  severity: 'minimal',
  language: 'es',
  secrets: [],
  reason: 'triage.problem_report',
  ...overrides,
});
const status: TriageResult = { kind: 'status-request', language: 'es', secrets: [], reason: 'triage.status_request' };
const command: TriageResult = {
  kind: 'agent-command',
  language: 'unknown',
  secrets: [],
  reason: 'triage.agent_command',
};

describe('composeRedirect', () => {
  it('refuses kindly, naming the provider, and links every accepted channel', () => {
    const policy = buildPolicy();
    const reply = composeRedirect({ policy, triage: support() });
    expect(reply.visibility).toBe('private');
    expect(reply.title).toBe('El chat no es un canal de soporte');
    expect(
      reply.text.startsWith('Gracias por escribirnos. Según la política de soporte de Acme Soporte, el chat no es'),
    ).toBe(true);
    expect(reply.actions).toEqual([
      { kind: 'link', label: 'Portal de clientes', url: 'https://portal.acme.example' },
      { kind: 'link', label: 'Correo de soporte', url: 'mailto:soporte@acme.example' },
    ]);
    expect(reply.text).toContain('• Portal de clientes: https://portal.acme.example');
    expect(reply.text).toContain('• Correo de soporte: soporte@acme.example');
  });

  it("uses the policy's own redirect note, in the reply's locale", () => {
    const policy = buildPolicy({
      channels: { redirectNote: { es: 'Solo atendemos por el portal.', en: 'We only take cases in the portal.' } },
    });
    expect(composeRedirect({ policy, triage: support() }).notes?.[0]).toBe(
      'Gracias por escribirnos, pero el chat no es un canal de soporte de Acme Soporte. Solo atendemos por el portal.',
    );
    expect(composeRedirect({ policy, locale: 'en', triage: support() }).notes?.[0]).toBe(
      'Thanks for writing, but chat is not a support channel at Acme Soporte. We only take cases in the portal.',
    );
  });

  it('writes the whole reply in English for an English tenant', () => {
    const reply = composeRedirect({ policy: buildPolicy(), locale: 'en', triage: support({ secrets: ['password'] }) });
    expect(reply.title).toBe('Chat is not a support channel');
    expect(reply.text).toContain("Under Acme Soporte's support policy, chat is not a support channel.");
    expect(reply.text).toContain('Open your case through:\n• Customer portal: https://portal.acme.example');
    expect(reply.text).toContain('Support hours: Monday to Thursday 09:00–17:00 (Europe/Madrid time).');
    expect(reply.text).toContain('Include in your case:\n• The exact error message\n• Steps to reproduce it');
    expect(reply.text).toContain('Never send passwords');
    expect(reply.text).not.toMatch(/Gracias|Horario|Incluya|Abra|contraseñas/);
  });

  it('states the support hours and what to include, trimmed to six items', () => {
    const items = ['Uno.', 'Dos', 'Tres', 'Cuatro', 'Cinco', 'Seis', 'Siete'];
    const policy = buildPolicy({ caseChecklist: items });
    const reply = composeRedirect({ policy, triage: support() });
    expect(reply.notes).toContain(`Horario de atención: ${describePolicyHours(policy)}.`);
    expect(reply.notes).toContain('Incluya en el caso:\n• Uno\n• Dos\n• Tres\n• Cuatro\n• Cinco\n• Seis');
    expect(reply.text).not.toContain('Siete');
  });

  it('keeps the text complete: every note and every link target is in it', () => {
    const reply = composeRedirect({ policy: buildPriorityRoutedPolicy(), triage: support({ secrets: ['card'] }) });
    for (const note of reply.notes ?? []) expect(reply.text).toContain(note);
    for (const action of reply.actions ?? []) {
      expect(action.kind).toBe('link');
      if (action.kind === 'link') expect(reply.text).toContain(action.url.replace(/^mailto:/, ''));
    }
  });
});

describe('channels by project phase', () => {
  const policy = buildPolicy({
    channels: {
      accepted: [
        { kind: 'portal', label: 'Portal', url: 'https://portal.acme.example', phases: ['production'] },
        { kind: 'azure-devops', label: 'Azure DevOps', url: 'https://dev.azure.com/acme', phases: ['implementation'] },
        { kind: 'form', label: 'Formulario', url: 'https://form.acme.example' },
      ],
    },
  });
  const urls = (phase?: 'production' | 'implementation') =>
    composeRedirect({ policy, ...(phase && { projectPhase: phase }), triage: support() }).actions?.map((a) =>
      a.kind === 'link' ? a.url : '',
    );

  it('shows Azure DevOps only to projects in implementation', () => {
    expect(urls('implementation')).toEqual(['https://dev.azure.com/acme', 'https://form.acme.example']);
    expect(urls('production')).toEqual(['https://portal.acme.example', 'https://form.acme.example']);
  });

  it('shows every channel with its phase noted when the phase is unknown', () => {
    const reply = composeRedirect({ policy, triage: support() });
    expect(urls()).toHaveLength(3);
    expect(reply.text).toContain('• Portal (proyectos en producción): https://portal.acme.example');
    expect(reply.text).toContain('• Azure DevOps (proyectos en implantación): https://dev.azure.com/acme');
    expect(reply.text).toContain('• Formulario: https://form.acme.example');
  });
});

describe('a policy that accepts the form only', () => {
  const policy = buildPolicy({
    channels: {
      accepted: [{ kind: 'form', label: 'Formulario de tiquete', url: 'https://tiquetes.acme.example/nuevo' }],
      refused: ['email', 'whatsapp', 'phone', 'chat'],
      contact: { email: 'soporte@acme.example', phones: ['+57 601 0000000'] },
    },
  });

  it.each([support(), status, command])('never offers a refused channel or any address (%s)', (triage) => {
    const reply = composeRedirect({ policy, triage: { ...triage, secrets: ['password'] } });
    expect(reply.actions).toEqual([
      { kind: 'link', label: 'Formulario de tiquete', url: 'https://tiquetes.acme.example/nuevo' },
    ]);
    expect(reply.text).not.toContain('@');
    expect(reply.text).not.toContain('mailto:');
    expect(reply.text).not.toContain('+57');
  });
});

describe('email routed by priority', () => {
  const policy = buildPriorityRoutedPolicy();
  const firstAction = (triage: TriageResult) => composeRedirect({ policy, triage }).actions?.[0];

  it('recommends the address for the severity the message suggests, first', () => {
    expect(firstAction(triageMessage('URGENTE: la web está caída para todos'))).toEqual({
      kind: 'link',
      label: 'Correo · prioridad A (Alta)',
      url: 'mailto:soporte-a@enrutado.example',
    });
    expect(firstAction(triageMessage('la plataforma va lenta para algunos usuarios'))).toMatchObject({
      url: 'mailto:soporte-b@enrutado.example',
    });
    expect(firstAction(triageMessage('¿cómo cambio mi firma?'))).toMatchObject({
      url: 'mailto:soporte-c@enrutado.example',
    });
    const reply = composeRedirect({ policy, triage: support({ severity: 'critical' }) });
    expect(reply.text).toContain(
      '• Correo · prioridad A (Alta): soporte-a@enrutado.example (recomendada para lo que describe)',
    );
  });

  it("falls back to the policy's default priority when no severity is suggested or none matches", () => {
    expect(firstAction(command)).toMatchObject({ url: 'mailto:soporte-c@enrutado.example' });
    expect(composeRedirect({ policy, triage: command }).text).toContain('(la prioridad habitual)');
    const twoLevels = buildPriorityRoutedPolicy({
      priorities: [
        { id: 'A', label: 'A', severity: 'critical', intake: 'a@enrutado.example' },
        { id: 'C', label: 'C', severity: 'minimal', intake: 'c@enrutado.example' },
      ],
      defaultPriority: 'C',
    });
    const reply = composeRedirect({ policy: twoLevels, triage: support({ severity: 'moderate' }) });
    expect(reply.actions?.[0]).toMatchObject({ url: 'mailto:c@enrutado.example' });
  });

  it('shows the short priority guide: label, severity, intake and the first clause of the description', () => {
    const reply = composeRedirect({ policy, triage: support() });
    expect(reply.notes).toContain(
      [
        'Prioridades:',
        '• A (Alta) · crítica · soporte-a@enrutado.example: Todo el servicio está caído',
        '• B (Media) · moderada · soporte-b@enrutado.example: Servicio degradado',
        '• C (Baja) · mínima · soporte-c@enrutado.example: Impacto mínimo',
      ].join('\n'),
    );
  });

  it('sends a status question to the case email thread, without recommending an address', () => {
    const reply = composeRedirect({ policy, triage: status });
    expect(reply.actions).toEqual([]);
    expect(reply.text).toContain('• Correo según la prioridad: responda al último correo recibido del caso');
    expect(reply.text).not.toContain('Prioridades:');
  });
});

describe('status requests and agent commands', () => {
  it('says case status is given only through the accepted channels', () => {
    const reply = composeRedirect({ policy: buildPolicy(), triage: status });
    expect(reply.notes?.[0]).toBe(
      'Gracias por su consulta. Según la política de soporte de Acme Soporte, el estado de los casos solo se informa ' +
        'por estos medios: portal de clientes o correo de soporte; no por chat.',
    );
    expect(reply.text).toContain('Consulte el estado de su caso por:');
    expect(reply.text).not.toContain('Incluya en el caso');
  });

  it('tells a customer who typed a command that commands are for the support team', () => {
    const reply = composeRedirect({ policy: buildPolicy(), triage: triageMessage('/case close ITBX-1') });
    expect(reply.notes?.[0]).toBe(
      'Los comandos de Portero son solo para el equipo de soporte, y el chat no es un canal de soporte de Acme Soporte.',
    );
    expect(reply.actions).toHaveLength(2);
  });
});

describe('secrets', () => {
  const warning = 'No envíe contraseñas, claves ni datos de tarjetas por ningún canal; no hemos guardado su mensaje.';

  it('warns when the message carried a secret, and only then', () => {
    const policy = buildPolicy();
    const withSecret = composeRedirect({ policy, triage: triageMessage('mi clave es Abc12345!, no puedo entrar') });
    expect(withSecret.notes?.at(-1)).toBe(warning);
    expect(withSecret.text).not.toContain('Abc12345');
    expect(composeRedirect({ policy, triage: support() }).text).not.toContain(warning);
  });

  it('does not warn when the policy says not to', () => {
    const policy = buildPolicy({ rules: { forbiddenContent: { secrets: 'redact', warnCustomer: false } } });
    expect(composeRedirect({ policy, triage: support({ secrets: ['card'] }) }).text).not.toContain(warning);
  });

  it('has a warning of its own for when the redirect was already given', () => {
    expect(secretWarning(buildPolicy())).toMatchObject({ text: warning, visibility: 'private' });
    expect(secretWarning(buildPolicy(), 'en').text).toBe(
      'Never send passwords, keys or card details through any channel; we have not stored your message.',
    );
  });
});
