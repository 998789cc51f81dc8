import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudAdapter, Request, Response, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { type RouteHandler, send } from '../http/http-server.ts';
import { readBody } from '../http/read-body.ts';
import type { PlatformContext } from '../platform.types.ts';
import { refusedInEmulatorMode } from './emulator-guard.ts';

// POST /api/messages: the request read and checked here (size, JSON, the fields Portero relies on), then handed to
// botbuilder's CloudAdapter, which validates the JWT (401 when auth is on) and runs the turn.

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
  adapter: CloudAdapter;
  /** Auth is off: only this machine may call, and nothing forwarded by a proxy or tunnel. */
  loopbackOnly: boolean;
  turn: (context: TurnContext) => Promise<void>;
  log: PlatformContext['log'];
}

export function teamsEndpoint(options: EndpointOptions): RouteHandler {
  return async (request, response) => {
    if (request.method !== 'POST') return send(response, 405, { error: 'POST a Bot Framework activity here' });
    if (options.loopbackOnly && refusedInEmulatorMode(request, response, options.log)) return;
    const body = await readBody(request, MAX_ACTIVITY_BYTES);
    if (body === 'too-large') return send(response, 413, { error: `activity larger than ${MAX_ACTIVITY_BYTES} bytes` });
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return send(response, 400, { error: 'the body is not JSON: POST a Bot Framework activity' });
    }
    const parsed = activitySchema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${['activity', ...issue.path].join('.')} ${issue.message}`);
      return send(response, 400, { error: `malformed activity: ${problems.join('; ')}` });
    }
    await runActivity(options, request, response, parsed.data);
  };
}

async function runActivity(
  options: EndpointOptions,
  request: IncomingMessage,
  response: ServerResponse,
  activity: Record<string, unknown>,
) {
  const answer: { status: number; body?: unknown } = { status: 200 };
  const res: Response = {
    socket: request.socket,
    status: (code) => {
      answer.status = code as number;
    },
    send: (body) => {
      answer.body = body;
    },
    header: () => undefined,
    end: () => undefined,
  };
  const req: Request = { method: 'POST', headers: request.headers, body: activity };
  let failed = false;
  await options.adapter.process(req, res, async (context) => {
    try {
      await options.turn(context);
    } catch (error) {
      // Only what went wrong: never the activity's text, never a token.
      failed = true;
      options.log.error(describeFailure(error, context), 'teams: the activity could not be handled');
    }
  });
  if (failed) return send(response, 500, { error: 'the activity could not be handled' });
  if (answer.body === undefined) {
    response.writeHead(answer.status);
    response.end();
    return;
  }
  send(response, answer.status, typeof answer.body === 'string' ? { error: answer.body } : answer.body);
}

export function describeFailure(error: unknown, context?: TurnContext): Record<string, unknown> {
  const failure = error as { name?: string; message?: string; statusCode?: number; code?: string };
  return {
    error: failure?.name ?? 'Error',
    ...(typeof failure?.statusCode === 'number' && { status: failure.statusCode }),
    ...(typeof failure?.code === 'string' && { code: failure.code }),
    // A connector error's message can quote the request; only our own errors' messages are logged.
    ...(failure?.statusCode === undefined && failure?.message && { message: failure.message }),
    ...(context && { activity: context.activity.id, type: context.activity.type }),
  };
}
