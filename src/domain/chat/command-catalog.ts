import { CONFIRMATION_KINDS, type ConfirmationKind } from '../policy/policy.schema.ts';

// The vocabulary of `/case`: subcommand names, their Spanish aliases, the list filters and the canonical (English)
// argument syntax. The grammar, the suggestions and the help texts all read this one table, so a subcommand added here
// cannot be parsed without also being documented.

export const COMMAND_NAMES = [
  'help',
  'new',
  'show',
  'list',
  'assign',
  'move',
  'note',
  'reply',
  'wait',
  'priority',
  'escalate',
  'close',
  'reopen',
  'cancel',
  'sla',
  'ack',
  'estimate',
  'hours',
  'confirm',
  'ask-close',
  'override',
  'contact',
  'agent',
  'customer',
  'channel',
  'tenant',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Agents write in the language they think in; every alias resolves to the canonical (English) name. */
export const COMMAND_ALIASES: Record<CommandName, readonly string[]> = {
  help: ['ayuda'],
  new: ['nuevo'],
  show: ['ver'],
  list: ['listar'],
  assign: ['asignar'],
  move: ['mover'],
  note: ['nota'],
  reply: ['responder'],
  wait: ['esperar'],
  priority: ['prioridad'],
  escalate: ['escalar'],
  close: ['cerrar'],
  reopen: ['reabrir'],
  cancel: ['cancelar'],
  sla: [],
  ack: ['meencargo', 'atiendo'],
  estimate: ['estimar', 'estimacion'],
  hours: ['horas'],
  confirm: ['confirmar'],
  'ask-close': ['pedir-cierre'],
  override: ['forzar'],
  contact: ['contacto'],
  agent: ['agente'],
  customer: ['cliente'],
  channel: ['canal'],
  tenant: ['organizacion'],
};

/** Argument syntax after the subcommand: `<required>`, `[optional]`, `…` = the rest of the line. */
export const COMMAND_SYNTAX: Record<CommandName, string> = {
  help: '[subcommand]',
  new: '<priority> <customer> <title…>',
  show: '<ref> [page <n>]',
  list: '[open|closed|all|mine|unassigned|waiting|breaching|due-soon] [priority|state|customer|@agent…] [page] | search <text>',
  assign: '<ref> [me|@agent]',
  move: '<ref> <state>',
  note: '<ref> <text…>',
  reply: '<ref> <text…>',
  wait: '<ref> [text…]',
  priority: '<ref> <priority>',
  escalate: '<ref> [reason…]',
  close: '<ref> <resolution…>',
  reopen: '<ref> [billable] [reason…]',
  cancel: '<ref> [reason…]',
  sla: '<ref>',
  ack: '<ref>',
  estimate: '<ref> <hours> [note…]',
  hours: '<ref> <hours> [note…]',
  confirm: '<ref> <approval|qa|prd|closure|acceptance> [reject] <reason…>',
  'ask-close': '<ref> [text…]',
  override: '<ref> <state> <reason…>',
  contact:
    '<add|update|remove> <handle> [--customer <customer>] [--name <name>] [--email <email>] [--reporter|--no-reporter]',
  agent: 'update me [--name <name>] [--email <email>]',
  customer: '(portero customer …)',
  channel: '(portero channel …)',
  tenant: '(portero tenant …)',
};

/** What `contact` and `agent` do in chat, with their Spanish names. */
export const DIRECTORY_ACTIONS = ['add', 'update', 'remove'] as const;
export type DirectoryAction = (typeof DIRECTORY_ACTIONS)[number];
const DIRECTORY_ACTION_ALIASES: Record<DirectoryAction, readonly string[]> = {
  add: ['agregar', 'anadir', 'alta'],
  update: ['cambiar', 'actualizar'],
  remove: ['quitar', 'baja', 'borrar'],
};
export function resolveDirectoryAction(word: string): DirectoryAction | undefined {
  const wanted = fold(word);
  return DIRECTORY_ACTIONS.find((action) => action === wanted || DIRECTORY_ACTION_ALIASES[action].includes(wanted));
}

/** The options of `contact` and `agent`, as the CLI spells them, with their Spanish names. */
export const DIRECTORY_OPTIONS: Record<string, 'customer' | 'name' | 'email' | 'reporter' | 'no-reporter'> = {
  '--customer': 'customer',
  '--cliente': 'customer',
  '--name': 'name',
  '--nombre': 'name',
  '--email': 'email',
  '--correo': 'email',
  '--reporter': 'reporter',
  '--reporta': 'reporter',
  '--no-reporter': 'no-reporter',
  '--no-reporta': 'no-reporter',
};

/** The customer's confirmations `/case confirm` records, with their Spanish names. */
const CONFIRMATION_ALIASES: Record<ConfirmationKind, readonly string[]> = {
  approval: ['aprobacion', 'aprobar', 'estimacion'],
  qa: ['pruebas-qa'],
  prd: ['produccion', 'pro'],
  closure: ['cierre', 'cerrar'],
  acceptance: ['aceptacion', 'aval'],
};

/** The word after the confirmation that makes it a rejection. */
const REJECT_WORDS: readonly string[] = [
  'reject',
  'rejected',
  'rechazo',
  'rechaza',
  'rechazar',
  'rechazada',
  'rechazado',
];

export function resolveConfirmation(word: string): ConfirmationKind | undefined {
  const wanted = fold(word);
  return CONFIRMATION_KINDS.find((kind) => kind === wanted || CONFIRMATION_ALIASES[kind].includes(wanted));
}

export const isRejectWord = (word: string) => REJECT_WORDS.includes(fold(word));

/** `reopen <ref> billable`: the agent confirms the customer accepts billable work after a warranty (arcoirisapp). */
const BILLABLE_WORDS = ['billable', '--billable', 'facturable'];
export const isBillableWord = (word: string) => BILLABLE_WORDS.includes(fold(word));

/** `show <ref> page 2`: the word before a history page's number (the CLI's `--page`). */
const PAGE_WORDS = ['page', '--page', 'pagina'];
export const isPageWord = (word: string) => PAGE_WORDS.includes(fold(word));

export const LIST_FILTERS = [
  'mine',
  'unassigned',
  'open',
  'closed',
  'all',
  'waiting',
  'breaching',
  'due-soon',
  'search',
] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

const LIST_FILTER_ALIASES: Record<ListFilter, readonly string[]> = {
  mine: ['mios', 'mias', 'mis'],
  unassigned: ['sin-asignar', 'sinasignar', 'libres'],
  open: ['abiertos', 'abiertas'],
  waiting: ['esperando', 'en-espera'],
  breaching: ['vencidos', 'vencen', 'en-riesgo'],
  closed: ['cerrados', 'cerradas'],
  all: ['todos', 'todas'],
  'due-soon': ['por-vencer', 'porvencer', 'proximos'],
  search: ['buscar', 'busca'],
};

/** Words that mean "the agent who typed the command". */
export const SELF_WORDS: readonly string[] = ['me', 'yo', 'mi'];

/** `Ver`, `VER` and `vér` are the same word: compare without case or accents. */
export const fold = (word: string): string =>
  word
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** Every word that names a subcommand, canonical names first (they win ties when suggesting). */
export const SUBCOMMAND_WORDS: readonly { word: string; name: CommandName }[] = [
  ...COMMAND_NAMES.map((name) => ({ word: name, name })),
  ...COMMAND_NAMES.flatMap((name) => COMMAND_ALIASES[name].map((word) => ({ word, name }))),
];

export function resolveSubcommand(word: string): CommandName | undefined {
  const wanted = fold(word);
  return SUBCOMMAND_WORDS.find((entry) => entry.word === wanted)?.name;
}

export function resolveListFilter(word: string): ListFilter | undefined {
  const wanted = fold(word);
  return LIST_FILTERS.find((filter) => filter === wanted || LIST_FILTER_ALIASES[filter].includes(wanted));
}
