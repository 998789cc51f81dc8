import type { types } from '@slack/bolt';
import type { CustomerRecord } from '../../src/app/store.port.ts';
import type { CaseError } from '../../src/domain/case/case-error.ts';
import type { Locale } from '../../src/domain/policy/localized-text.ts';
import { textIn } from '../../src/domain/policy/localized-text.ts';
import type { Policy } from '../../src/domain/policy/policy.schema.ts';
import { slackWords } from './slack.i18n.ts';
import { clip } from './slack-text.ts';

// The two modals: `/case new` without arguments, and the text a button asks for (a case's resolution on close).

export const VIEW = { newCase: 'portero.new_case', prompt: 'portero.prompt' } as const;

/** Where a modal's result goes once it is submitted: the response_url of the command or click that opened it. */
export interface ModalOrigin {
  responseUrl?: string;
  channelId?: string;
  /** The modal's language, so that a submission can be answered before anything is looked up. */
  locale: Locale;
}
export interface NewCaseMetadata extends ModalOrigin {
  tenantId: string;
}
export interface PromptMetadata extends ModalOrigin {
  command: string;
}

/** A modal's submitted values by block id, whatever the input element was. */
export type ViewValues = Record<string, string | undefined>;

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: clip(text, max), emoji: true });
const option = (text: string, value: string) => ({ text: plain(text, 75), value });
const STATIC_SELECT_MAX = 100;

export function newCaseView(options: {
  policy: Policy;
  customers: CustomerRecord[];
  metadata: NewCaseMetadata;
}): types.ModalView {
  const { policy, customers } = options;
  const { locale } = options.metadata;
  const w = slackWords(locale);
  const label = (text: Parameters<typeof textIn>[0]) => textIn(text, locale, policy.locale);
  const priorities = policy.priorities.map((p) => option(`${label(p.label)} (${p.id})`, p.id));
  const types = policy.caseTypes.map((t) => option(label(t.label), t.id));
  const customerElement: types.InputBlock['element'] =
    customers.length > 0 && customers.length <= STATIC_SELECT_MAX
      ? {
          type: 'static_select',
          action_id: 'value',
          options: customers.map((c) => option(c.name === c.handle ? c.handle : `${c.name} (${c.handle})`, c.handle)),
        }
      : { type: 'plain_text_input', action_id: 'value', max_length: 100 };
  const initialPriority = priorities.find((p) => p.value === policy.defaultPriority);
  return {
    type: 'modal',
    callback_id: VIEW.newCase,
    private_metadata: JSON.stringify(options.metadata),
    title: plain(w.newCaseTitle, 24),
    submit: plain(w.open, 24),
    close: plain(w.cancel, 24),
    blocks: [
      {
        type: 'input',
        block_id: 'customer',
        label: plain(w.customer, 2000),
        hint: plain(w.customerHint, 2000),
        element: customerElement,
      },
      {
        type: 'input',
        block_id: 'reporter',
        optional: true,
        label: plain(w.reporter, 2000),
        hint: plain(w.reporterHint, 2000),
        element: { type: 'plain_text_input', action_id: 'value', max_length: 100 },
      },
      {
        type: 'input',
        block_id: 'priority',
        label: plain(w.priority, 2000),
        element: {
          type: 'static_select',
          action_id: 'value',
          options: priorities.slice(0, STATIC_SELECT_MAX),
          ...(initialPriority && { initial_option: initialPriority }),
        },
      },
      {
        type: 'input',
        block_id: 'type',
        label: plain(w.type, 2000),
        element: {
          type: 'static_select',
          action_id: 'value',
          options: types.slice(0, STATIC_SELECT_MAX),
          ...(types[0] && { initial_option: types[0] }),
        },
      },
      {
        type: 'input',
        block_id: 'title',
        label: plain(w.title, 2000),
        element: { type: 'plain_text_input', action_id: 'value', max_length: 200 },
      },
      {
        type: 'input',
        block_id: 'description',
        optional: true,
        label: plain(w.description, 2000),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3000 },
      },
    ],
  };
}

export function promptView(options: { prompt: string; metadata: PromptMetadata }): types.ModalView {
  const w = slackWords(options.metadata.locale);
  return {
    type: 'modal',
    callback_id: VIEW.prompt,
    private_metadata: JSON.stringify(options.metadata),
    title: plain(options.prompt, 24),
    submit: plain(w.send, 24),
    close: plain(w.cancel, 24),
    blocks: [
      {
        type: 'input',
        block_id: 'text',
        label: plain(options.prompt, 2000),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3000 },
      },
    ],
  };
}

type StateValue = { value?: string | null; selected_option?: { value?: string } | null };

export function viewValues(view: { state: { values: Record<string, Record<string, StateValue>> } }): ViewValues {
  const values: ViewValues = {};
  for (const [block, actions] of Object.entries(view.state.values)) {
    const input = actions.value ?? Object.values(actions)[0];
    values[block] = input?.selected_option?.value ?? input?.value ?? undefined;
  }
  return values;
}

const MODAL_FIELDS = ['customer', 'reporter', 'priority', 'type', 'title', 'description'] as const;
type ModalField = (typeof MODAL_FIELDS)[number];

/** Which field of the new-case modal a refusal of openCase is about; the rest are about the customer. */
export function fieldOf(error: CaseError): ModalField {
  const { code, params } = error;
  // The input rules name their field (title, description): the refusal goes under it.
  if (code === 'input.invalid' && MODAL_FIELDS.includes(params.field as ModalField)) return params.field as ModalField;
  if (code === 'case.reporter_required' || code === 'case.contact_not_found') return 'reporter';
  if (code === 'case.unknown_priority') return 'priority';
  if (code === 'case.unknown_type') return 'type';
  if (code === 'case.empty_text') return 'title';
  return 'customer';
}

export function metadataOf<T>(view: { private_metadata?: string }): Partial<T> {
  try {
    const parsed: unknown = JSON.parse(view.private_metadata ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Partial<T>) : {};
  } catch {
    return {};
  }
}
