import type { Locale } from '../../src/domain/policy/localized-text.ts';

// What only the Slack adapter says: set-up problems and the words of its modals. Everything else comes from the core.

// Whoever writes to Portero may be a stranger: what they are told says what to do, never an internal identifier (a
// tenant id, a team id). The operator finds those in the log line written beside each of these answers.

/** Before a workspace is linked there is no policy to take a language from: both languages, one line each. */
export function notLinkedText(): string {
  return [
    'Este espacio de Slack aún no está vinculado a Portero. Pide a tu administrador de Portero que lo vincule.',
    'This Slack workspace is not linked to Portero yet. Ask your Portero administrator to link it.',
  ].join('\n');
}

/** While Portero sheds load: in the workspace's language when it is known without asking the database, else both. */
export function busyText(locale: Locale | undefined): string {
  return locale ? slackWords(locale).busy : [es.busy, en.busy].join('\n');
}

const es = {
  busy: 'Portero está ocupado: inténtalo de nuevo en un momento.',
  notAgent:
    '/case es para los agentes de soporte registrados en Portero. Si eres agente, pide a tu administrador de Portero que te registre como agente.',
  newCaseTitle: 'Caso nuevo',
  open: 'Abrir',
  send: 'Enviar',
  cancel: 'Cancelar',
  customer: 'Cliente',
  customerHint: 'Identificador de la empresa cliente (o del contacto que reporta)',
  reporter: 'Contacto que reporta',
  reporterHint: 'Identificador del contacto; necesario si el cliente tiene varios usuarios que reportan casos',
  priority: 'Prioridad',
  type: 'Tipo',
  title: 'Título',
  description: 'Descripción',
  required: 'Este campo es obligatorio.',
  noCustomers: (tenantId: string) =>
    `No hay clientes registrados todavía. Añade uno con: portero customer add <cliente> --tenant ${tenantId}`,
};

const en: typeof es = {
  busy: 'Portero is busy: try again in a moment.',
  notAgent:
    '/case is for support agents registered in Portero. If you are one, ask your Portero administrator to register you as an agent.',
  newCaseTitle: 'New case',
  open: 'Open',
  send: 'Send',
  cancel: 'Cancel',
  customer: 'Customer',
  customerHint: 'Handle of the customer company (or of the reporting contact)',
  reporter: 'Reporting contact',
  reporterHint: "The contact's handle; needed when the customer has several reporting users",
  priority: 'Priority',
  type: 'Type',
  title: 'Title',
  description: 'Description',
  required: 'This field is required.',
  noCustomers: (tenantId) =>
    `There are no customers yet. Add one with: portero customer add <handle> --tenant ${tenantId}`,
};

export const slackWords = (locale: Locale) => (locale === 'en' ? en : es);
