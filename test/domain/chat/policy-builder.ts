import { type Policy, type PolicyInput, policySchema } from '../../../src/domain/policy/policy.schema.ts';

// A small valid policy for chat tests, built through the real schema so defaults and checks apply. Overrides
// replace whole top-level fields; `channels` merges one level deep because nearly every test changes it.

type Overrides = Omit<Partial<PolicyInput>, 'channels'> & { channels?: Partial<PolicyInput['channels']> };

const base: PolicyInput = {
  id: 'acme',
  name: 'Acme Soporte',
  locale: 'es',
  timezone: 'Europe/Madrid',
  defaultCalendar: 'oficina',
  calendars: {
    oficina: { week: { mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'] } },
  },
  channels: {
    accepted: [
      {
        kind: 'portal',
        label: { es: 'Portal de clientes', en: 'Customer portal' },
        url: 'https://portal.acme.example',
      },
      { kind: 'email', label: { es: 'Correo de soporte', en: 'Support email' }, address: 'soporte@acme.example' },
    ],
    refused: ['slack', 'teams', 'whatsapp', 'chat'],
  },
  priorities: [
    { id: 'alta', label: { es: 'Alta', en: 'High' }, severity: 'critical' },
    { id: 'media', label: { es: 'Media', en: 'Medium' }, severity: 'moderate' },
    { id: 'baja', label: { es: 'Baja', en: 'Low' }, severity: 'minimal' },
  ],
  defaultPriority: 'media',
  caseTypes: [{ id: 'problema', label: { es: 'Problema', en: 'Problem' } }],
  lifecycle: {
    initial: 'nuevo',
    reopenTo: 'nuevo',
    states: [
      { id: 'nuevo', label: 'Nuevo', kind: 'new', next: ['cerrado'] },
      { id: 'cerrado', label: 'Cerrado', kind: 'closed' },
    ],
  },
  caseChecklist: [
    { es: 'Mensaje de error literal', en: 'The exact error message' },
    { es: 'Pasos para reproducirlo', en: 'Steps to reproduce it' },
  ],
  routing: { agentChannels: [{ name: 'soporte' }] },
};

export function buildPolicy(overrides: Overrides = {}): Policy {
  const { channels, ...rest } = overrides;
  return policySchema.parse({ ...base, ...rest, channels: { ...base.channels, ...channels } });
}

/** jd-services' shape: email only, one intake address per priority. */
export function buildPriorityRoutedPolicy(overrides: Overrides = {}): Policy {
  return buildPolicy({
    name: 'Enrutado SL',
    channels: {
      accepted: [{ kind: 'email', label: { es: 'Correo según la prioridad', en: 'Email by priority' } }],
      routeEmailByPriority: true,
    },
    priorities: [
      {
        id: 'A',
        label: { es: 'A (Alta)', en: 'A (High)' },
        severity: 'critical',
        intake: 'soporte-a@enrutado.example',
        description: { es: 'Todo el servicio está caído: afecta a todos.', en: 'The whole service is down.' },
      },
      {
        id: 'B',
        label: { es: 'B (Media)', en: 'B (Medium)' },
        severity: 'moderate',
        intake: 'soporte-b@enrutado.example',
        description: { es: 'Servicio degradado. Hay alternativa.', en: 'Degraded service.' },
      },
      {
        id: 'C',
        label: { es: 'C (Baja)', en: 'C (Low)' },
        severity: 'minimal',
        intake: 'soporte-c@enrutado.example',
        description: { es: 'Impacto mínimo', en: 'Minimal impact' },
      },
    ],
    defaultPriority: 'C',
    ...overrides,
  });
}
