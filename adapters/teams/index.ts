import { CloudAdapter } from 'botbuilder';
import type { Config } from '../../src/config.ts';
import type { ChatPlatform, PlatformContext } from '../platform.types.ts';
import { TEAMS_ROUTE } from './emulator-guard.ts';
import { createTeamsDeliverer } from './teams.deliverer.ts';
import { createBotAuthentication } from './teams-auth.ts';
import { teamsEndpoint } from './teams-endpoint.ts';
import { createTurn } from './teams-turn.ts';

export { TEAMS_ROUTE } from './emulator-guard.ts';

/**
 * Microsoft Teams on botbuilder's CloudAdapter, always mounted at /api/messages. With MicrosoftAppId every
 * activity's JWT is validated; without it Teams runs in local-emulator mode: no auth, so only this machine may call.
 */
export async function createTeamsPlatform(config: Config, context: PlatformContext): Promise<ChatPlatform | undefined> {
  const { teams } = config;
  const emulator = !teams.appId;
  if (emulator) {
    context.log.warn(
      { route: TEAMS_ROUTE },
      'TEAMS IN LOCAL-EMULATOR MODE: MicrosoftAppId is not set, so Bot Framework authentication is OFF. ' +
        'Only callers on this machine are accepted (Bot Framework Emulator); set MicrosoftAppId, ' +
        'MicrosoftAppPassword, MicrosoftAppType and MicrosoftAppTenantId to serve Microsoft Teams.',
    );
  } else {
    context.log.info({ route: TEAMS_ROUTE, appType: teams.appType ?? 'MultiTenant' }, 'teams: authentication on');
  }
  const adapter = new CloudAdapter(createBotAuthentication(teams));
  const turn = createTurn({ deps: context.deps, log: context.log, wakeRelay: context.wakeRelay });
  return {
    name: 'teams',
    routes: { [TEAMS_ROUTE]: teamsEndpoint({ adapter, loopbackOnly: emulator, turn, log: context.log }) },
    deliverer: createTeamsDeliverer({ adapter, appId: teams.appId ?? '', deps: context.deps }),
  };
}
