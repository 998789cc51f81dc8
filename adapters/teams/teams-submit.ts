import { PROMPT_INPUT } from './cards.ts';

// What a card button sends back, read defensively: the data comes from the client, so anything that is not the
// shape cards.ts wrote is not a command.

const MAX_COMMAND = 200;

/** Action.Submit: the message's `value` is the button's data plus the card's inputs. */
export function cardCommand(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { portero, [PROMPT_INPUT]: typed } = value as Record<string, unknown>;
  if (typeof portero !== 'string' || portero.trim() === '' || portero.length > MAX_COMMAND) return undefined;
  // Not cut here: a text past the input rules' limit is refused by the use case, in words, rather than saved cut
  // short (the activity itself is bounded by the endpoint).
  const text = typeof typed === 'string' ? typed.trim() : '';
  return text === '' ? portero : `${portero} ${text}`;
}

/** Action.Execute: an `adaptiveCard/action` invoke carries the data under `action.data`. */
export function executeCommand(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const action = (value as { action?: { data?: unknown } }).action;
  return cardCommand(action?.data);
}
