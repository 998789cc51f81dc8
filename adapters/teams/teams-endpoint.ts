import { type Activity, CloudAdapter, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { failureText } from '../../src/app/chat/failure-words.i18n.ts';
import { errorFields } from '../../src/app/error-fields.ts';
import type { RouteHandler } from '../http/http-server.ts';
import { readBody, tooLarge } from '../http/read-body.ts';
import type { PlatformContext } from '../platform.types.ts';
import { allowedServiceUrl, fromThisMachine } from './emulator-guard.ts';

// POST /api/messages: the request read and checked here (size, JSON, the fields Portero relies on), then handed to
// botbuilder's CloudAdapter, which validates the JWT (401 when auth is on, with nothing of botbuilder's error in the
// answer) and runs the turn.

export const MAX_ACTIVITY_BYTES = 512 * 1024;

/** Zod's words for a missing or mistyped field, as a person reading a 400 wants them. */
const said = (expected: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${expected}`),
});
const text = (expected = 'text') => z.string(said(expected)).min(1, 'must not be empty');
const account = z.looseObject({ id: text() }, said('an object with an id'));
const activitySchema = z
  .looseObject(
    {
      type: text(),
      id: text().optional(),
      channelId: text(),
      serviceUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
      conversation: account,
      recipient: account,
      from: account.optional(),
      text: z.string(said('text')).optional(),
    },
    said('a Bot Framework activity (a JSON object)'),
  )
  .superRefine((activity, ctx) => {
    if (activity.type !== 'message' && activity.type !== 'invoke') return;
    if (!activity.id) ctx.addIssue({ code: 'custom', path: ['id'], message: `is required on a ${activity.type}` });
    if (!activity.from) ctx.addIssue({ code: 'custom', path: ['from'], message: `is required on a ${activity.type}` });
  });

export interface EndpointOptions {
  adapter: TeamsAdapter;
  /** Auth is off: only this machine may call, and replies go only to this machine. */
  emulator: boolean;
  turn: (context: TurnContext) => Promise<void>;
  log: PlatformContext['log'];
  /** Counts refusals by reason and logs them once per burst: strangers must not be able to flood the log. */
  refused: { count(reason: 'token' | 'token-unchecked' | 'not-local' | 'service-url'): void };
}

/** botbuilder's CloudAdapter, run on an activity this endpoint has already read and checked. */
export class TeamsAdapter extends CloudAdapter {
  run(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function teamsEndpoint(options: EndpointOptions): RouteHandler {
  return async (c) => {
    if (c.req.method !== 'POST') return c.json({ error: 'POST a Bot Framework activity here' }, 405);
    if (options.emulator && !fromThisMachine(c)) {
      options.refused.count('not-local');
      return c.json({ error: 'Teams runs in local-emulator mode: only this machine may call /api/messages' }, 403);
    }
    const body = await readBody(c, MAX_ACTIVITY_BYTES);
    if (body === 'aborted') return c.body(null, 400, { connection: 'close' });
    if (body === 'too-large') return tooLarge(c, `activity larger than ${MAX_ACTIVITY_BYTES} bytes`);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return c.json({ error: 'the body is not JSON: POST a Bot Framework activity' }, 400);
    }
    const parsed = activitySchema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${['activity', ...issue.path].join('.')} ${issue.message}`);
      return c.json({ error: `malformed activity: ${problems.join('; ')}` }, 400);
    }
    // Replies in the HTTP answer would bypass the serviceUrl rule: without authentication, they go to loopback only.
    if (options.emulator && parsed.data.deliveryMode === 'expectReplies')
      return c.json({ error: 'activity.deliveryMode expectReplies is refused in local-emulator mode' }, 400);
    return runActivity(options, c.req.header('authorization') ?? '', parsed.data as unknown as Activity);
  };
}

async function runActivity(options: EndpointOptions, authHeader: string, activity: Activity): Promise<Response> {
  let outcome: 'ran' | 'failed' | 'bad-service-url' | undefined;
  let invoke: { status: number; body?: unknown } | undefined;
  try {
    invoke = await options.adapter.run(authHeader, activity, async (context) => {
      // Checked once the caller is known to be Teams: a reply carries case data and goes to this URL.
      if (!allowedServiceUrl(context.activity.serviceUrl, options.emulator)) {
        outcome = 'bad-service-url';
        return;
      }
      try {
        await options.turn(context);
        outcome = 'ran';
      } catch (error) {
        // Only what went wrong: never the activity's text, never a token.
        outcome = 'failed';
        options.log.error(describeFailure(error, context), 'teams: the activity could not be handled');
        // The person must still learn that nothing (or maybe nothing) was done.
        const locale = context.activity.locale?.startsWith('es') ? 'es' : context.activity.locale ? 'en' : undefined;
        await context.sendActivity(failureText(error, locale)).catch(() => undefined);
      }
    });
  } catch (error) {
    // Before the turn: the token was missing, forged or could not be checked. The caller learns nothing more.
    // botframework-connector's AuthenticationError carries the HTTP status it means.
    const refusal = typeof (error as { statusCode?: unknown })?.statusCode === 'number';
    options.refused.count(refusal ? 'token' : 'token-unchecked');
    return Response.json({ error: 'unauthorized' }, { status: 401 });
  }
  if (outcome === 'bad-service-url') {
    options.refused.count('service-url');
    return Response.json({ error: 'activity.serviceUrl is not a Bot Framework host' }, { status: 400 });
  }
  if (outcome === 'failed') return Response.json({ error: 'the activity could not be handled' }, { status: 500 });
  if (invoke?.body === undefined) return new Response(null, { status: invoke?.status ?? 200 });
  return Response.json(invoke.body, { status: invoke.status });
}

export function describeFailure(error: unknown, context?: TurnContext): Record<string, unknown> {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  // Never the message: a connector error's can quote the request, a failed statement's quotes what people wrote.
  return {
    ...errorFields(error),
    ...(typeof status === 'number' && { status }),
    ...(context && { activity: context.activity.id, type: context.activity.type }),
  };
}
