import { createHmac } from 'node:crypto';

// Requests into the app, signed the way Slack signs them (v0 HMAC-SHA256 of "v0:<timestamp>:<body>"), and builders
// for the payloads Slack sends: slash commands, Events API envelopes, block actions and view submissions.

export const SIGNING_SECRET = 'test-signing-secret-8f2c';
export const TEAM = 'T0PORTERO';
export const BOT_USER = 'UBOT';

export interface SignedRequest {
  body: string;
  contentType: string;
}

export function slackSignature(body: string, timestampSec: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  /** Seconds since the epoch; the app's clock decides whether it is fresh. */
  timestamp: number;
  secret?: string;
  headers?: Record<string, string>;
}

export function sendSigned(url: string, request: SignedRequest, options: SendOptions): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': request.contentType,
      'x-slack-request-timestamp': String(options.timestamp),
      'x-slack-signature': slackSignature(request.body, options.timestamp, options.secret),
      ...options.headers,
    },
    body: request.body,
  });
}

const form = (fields: Record<string, string>): SignedRequest => ({
  body: new URLSearchParams(fields).toString(),
  contentType: 'application/x-www-form-urlencoded',
});

export function slashCommand(fields: {
  text: string;
  user: string;
  channel?: string;
  responseUrl: string;
  team?: string;
  triggerId?: string;
}): SignedRequest {
  return form({
    token: 'deprecated-verification-token',
    team_id: fields.team ?? TEAM,
    team_domain: 'portero-test',
    channel_id: fields.channel ?? 'C0AGENTS',
    channel_name: 'soporte',
    user_id: fields.user,
    user_name: fields.user.toLowerCase(),
    command: '/case',
    text: fields.text,
    api_app_id: 'A0PORTERO',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? `trigger-${fields.user}`,
  });
}

export function eventCallback(
  eventId: string,
  event: Record<string, unknown>,
  extra: { team?: string; sharedChannel?: boolean } = {},
): SignedRequest {
  const team = extra.team ?? TEAM;
  return {
    contentType: 'application/json',
    body: JSON.stringify({
      token: 'deprecated-verification-token',
      team_id: team,
      api_app_id: 'A0PORTERO',
      type: 'event_callback',
      event_id: eventId,
      event_time: 1_700_000_000,
      event,
      authorizations: [{ team_id: team, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: extra.sharedChannel ?? false,
    }),
  };
}

export function messageEvent(fields: {
  user: string;
  text: string;
  channel: string;
  channelType: 'im' | 'channel' | 'group';
  ts?: string;
}): Record<string, unknown> {
  return {
    type: 'message',
    user: fields.user,
    text: fields.text,
    channel: fields.channel,
    channel_type: fields.channelType,
    ts: fields.ts ?? '1700000100.000100',
    event_ts: fields.ts ?? '1700000100.000100',
  };
}

export function appMention(fields: { user: string; text: string; channel: string }): Record<string, unknown> {
  return {
    type: 'app_mention',
    user: fields.user,
    text: fields.text,
    channel: fields.channel,
    ts: '1700000200.000100',
    event_ts: '1700000200.000100',
  };
}

const interaction = (payload: Record<string, unknown>): SignedRequest => form({ payload: JSON.stringify(payload) });

export function blockAction(fields: {
  user: string;
  actionId: string;
  value: string;
  channel: string;
  responseUrl: string;
  team?: string;
}): SignedRequest {
  const team = fields.team ?? TEAM;
  return interaction({
    type: 'block_actions',
    team: { id: team, domain: 'portero-test' },
    user: { id: fields.user, username: fields.user.toLowerCase(), team_id: team },
    api_app_id: 'A0PORTERO',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000001', channel_id: fields.channel, is_ephemeral: false },
    trigger_id: `trigger-${fields.actionId}`,
    channel: { id: fields.channel, name: 'soporte' },
    message: { ts: '1700000000.000001', text: 'card' },
    response_url: fields.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: fields.actionId,
        block_id: 'actions',
        value: fields.value,
        text: { type: 'plain_text', text: 'button' },
        action_ts: '1700000300.000100',
      },
    ],
  });
}

/** A submission of `view` (as the app opened it), with the person's input by block id. */
export function viewSubmission(fields: {
  user: string;
  view: Record<string, unknown>;
  values: Record<string, { value?: string; selected?: string }>;
  team?: string;
}): SignedRequest {
  const team = fields.team ?? TEAM;
  const values = Object.fromEntries(
    Object.entries(fields.values).map(([block, input]) => [
      block,
      {
        value:
          input.selected !== undefined
            ? {
                type: 'static_select',
                selected_option: { value: input.selected, text: { type: 'plain_text', text: input.selected } },
              }
            : { type: 'plain_text_input', value: input.value ?? null },
      },
    ]),
  );
  return interaction({
    type: 'view_submission',
    team: { id: team, domain: 'portero-test' },
    user: { id: fields.user, username: fields.user.toLowerCase(), team_id: team },
    api_app_id: 'A0PORTERO',
    token: 'deprecated-verification-token',
    trigger_id: 'trigger-view',
    view: { id: 'V0MODAL', team_id: team, ...fields.view, state: { values } },
    response_urls: [],
  });
}
