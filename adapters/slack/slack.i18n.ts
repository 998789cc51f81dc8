import type { Locale } from '../../src/domain/policy/localized-text.ts';

// What only the Slack adapter says: set-up problems and the words of its modals. Everything else comes from the core.

/** Before a workspace is linked there is no policy to take a language from: both languages, one line each. */
export function notLinkedText(teamId: string): string {
  return [
    `Este espacio de Slack (${teamId}) no está vinculado a ninguna organización de Portero. Un administrador puede vincularlo con: portero tenant link slack <organización> ${teamId}`,
    `This Slack workspace (${teamId}) is not linked to a Portero organization. An administrator can link it with: portero tenant link slack <tenant> ${teamId}`,
  ].join('\n');
}

/** While Portero sheds load: in the workspace's language when it is known without asking the database, else both. */
export function busyText(locale: Locale | undefined): string {
  return locale ? slackWords(locale).busy : [es.busy, en.busy].join('\n');
}

const es = {
  busy: 'Portero está ocupado: inténtalo de nuevo en un momento.',
  notAgent: (userId: string, tenantId: string) =>
    `/case es para agentes registrados en Portero. Un administrador puede registrarte con: portero agent add <usuario> --tenant ${tenantId} --slack ${userId}`,
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
  notAgent: (userId, tenantId) =>
    `/case is for agents registered in Portero. An administrator can register you with: portero agent add <handle> --tenant ${tenantId} --slack ${userId}`,
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
