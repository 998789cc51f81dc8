import type { CaseDeps } from '../src/app/cases/case-context.ts';
import type { Deliverer } from '../src/app/outbox/outbox.port.ts';
import type { Platform } from '../src/domain/chat/platforms.ts';
import type { RouteHandler } from './http/http-server.ts';

/** What a chat platform adapter needs from the running Portero: the use cases' dependencies and a logger. */
export interface PlatformContext {
  deps: CaseDeps;
  log: {
    info(fields: Record<string, unknown>, message: string): void;
    warn(fields: Record<string, unknown>, message: string): void;
    error(fields: Record<string, unknown>, message: string): void;
  };
  /** Tells the outbox relay that rows were just written, so deliveries start without waiting for its next pass. */
  wakeRelay(): void;
}

/** A chat platform as the server mounts it: its HTTP endpoints and the deliverer for its outbox target. */
export interface ChatPlatform {
  name: Platform;
  routes: Record<string, RouteHandler>;
  deliverer: Deliverer;
  stop?(): Promise<void>;
}
