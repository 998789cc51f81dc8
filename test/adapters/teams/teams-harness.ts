import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { closeServer, startHttpServer } from '../../../adapters/http/http-server.ts';
import type { ChatPlatform } from '../../../adapters/platform.types.ts';
import { createTeamsPlatform } from '../../../adapters/teams/index.ts';
import { relayOnce } from '../../../src/app/outbox/outbox-relay.ts';
import type { AgentRecord, ContactRecord } from '../../../src/app/store.port.ts';
import { loadConfig } from '../../../src/config.ts';
import { type FakeBotConnector, startFakeBotConnector } from '../../helpers/fake-bot-connector.ts';
import { usePortero } from '../../helpers/portero-fixture.ts';
import { TEAMS_TENANT } from './teams-activities.ts';

// Portero's Teams endpoint served for real (CloudAdapter behind the HTTP server, on 127.0.0.1) over the real
// database, with the Bot Connector faked on 127.0.0.1: activities carry its address as their serviceUrl.

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

export interface TeamsOptions {
  /** The environment as `portero serve` reads it (MicrosoftAppId… turns auth on). */
  env?: Record<string, string>;
  /** Where the server listens; 127.0.0.1 unless a test needs another interface. */
  host?: string;
}

export function useTeams(options: TeamsOptions = {}) {
  const p = usePortero();
  let fake: FakeBotConnector | undefined;
  let server: Server | undefined;
  let platform: ChatPlatform | undefined;
  const logs: LogLine[] = [];
  let wakes = 0;

  beforeAll(async () => {
    fake = await startFakeBotConnector();
  });
  beforeEach(async () => {
    fake!.clear();
    logs.length = 0;
    wakes = 0;
    const loaded = loadConfig({ PORTERO_DATA_DIR: 'memory', ...(options.env ?? { PORTERO_TEAMS_EMULATOR: '1' }) });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const record = (level: LogLine['level']) => (fields: Record<string, unknown>, message: string) =>
      logs.push({ level, fields, message });
    platform = await createTeamsPlatform(loaded.config, {
      deps: p.deps,
      log: { info: record('info'), warn: record('warn'), error: record('error') },
      wakeRelay: () => wakes++,
    });
    server = await startHttpServer({
      port: 0,
      host: options.host ?? '127.0.0.1',
      routes: platform!.routes,
      ready: async () => ({ ok: true, detail: 'test' }),
    });
  });
  afterEach(async () => {
    if (server) await closeServer(server);
  });
  afterAll(async () => {
    await fake?.close();
  });

  const port = () => (server!.address() as AddressInfo).port;
  return {
    p,
    logs,
    get wakes() {
      return wakes;
    },
    get fake() {
      return fake!;
    },
    get platform() {
      return platform!;
    },
    port,
    /** POSTs an activity (or any body) to /api/messages; `host` picks the address to call. */
    async post(body: unknown, init: { headers?: Record<string, string>; host?: string } = {}) {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      const response = await fetch(`http://${init.host ?? '127.0.0.1'}:${port()}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...init.headers },
        body: raw,
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
    },
    /** The Teams tenant of the activities belongs to the ITBX tenant. */
    linkTenant: (tenant = 'itbx', teamsTenant = TEAMS_TENANT) =>
      p.deps.store.transaction((repos) => repos.platformLinks.link('teams', teamsTenant, tenant)),
    /** `portero agent add … --teams <aad id>` for an agent or contact already added. */
    linkUser: (tenant: string, aadObjectId: string, person: AgentRecord | ContactRecord, kind: 'agent' | 'contact') =>
      p.deps.store.transaction((repos) =>
        repos.identities.link(tenant, 'teams', aadObjectId, { personKind: kind, personId: person.id }),
      ),
    bind: (tenant: string, conversationId: string, purpose: 'customer' | 'agent' | 'manager', name: string | null) =>
      p.deps.store.transaction((repos) =>
        repos.bindings.bind({ platform: 'teams', conversationId, tenantId: tenant, purpose, name }),
      ),
    /** One pass of the outbox relay with the Teams deliverer, as `portero serve` runs it. */
    relay: () =>
      relayOnce({ queue: p.queue, deliverers: { teams: platform!.deliverer }, clock: p.clock, random: () => 0.5 }),
  };
}

export type TeamsHarness = ReturnType<typeof useTeams>;
