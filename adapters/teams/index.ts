import type { Config } from '../../src/config.ts';
import { burstLog } from '../http/burst-log.ts';
import type { ChatPlatform, PlatformContext } from '../platform.types.ts';
import { TEAMS_ROUTE } from './emulator-guard.ts';

export { TEAMS_ROUTE } from './emulator-guard.ts';

/**
 * Microsoft Teams on botbuilder's CloudAdapter at /api/messages. With MicrosoftAppId every activity's JWT is
 * validated; with PORTERO_TEAMS_EMULATOR=1 auth is off and only this machine may call; otherwise Teams is not served.
 */
export async function createTeamsPlatform(config: Config, context: PlatformContext): Promise<ChatPlatform | undefined> {
  const { teams } = config;
  if (!teams.appId && !teams.emulator) {
    context.log.info({}, 'Teams is disabled: set MicrosoftAppId (or PORTERO_TEAMS_EMULATOR=1 for the local emulator)');
    return undefined;
  }
  if (teams.emulator) {
    context.log.warn(
      { route: TEAMS_ROUTE },
      'TEAMS IN LOCAL-EMULATOR MODE (PORTERO_TEAMS_EMULATOR=1): Bot Framework authentication is OFF. ' +
        'Only callers on this machine are accepted (Bot Framework Emulator) and replies go only to this machine; ' +
        'set MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType and MicrosoftAppTenantId to serve Microsoft Teams.',
    );
  } else {
    context.log.info({ route: TEAMS_ROUTE, appType: teams.appType ?? 'MultiTenant' }, 'teams: authentication on');
  }
  // botbuilder is loaded only when Teams is on: a deployment without it starts faster and holds less memory.
  const [{ createTeamsDeliverer }, { createBotAuthentication }, { TeamsAdapter, teamsEndpoint }, { createTurn }] =
    await Promise.all([
      import('./teams.deliverer.ts'),
      import('./teams-auth.ts'),
      import('./teams-endpoint.ts'),
      import('./teams-turn.ts'),
    ]);
  const adapter = new TeamsAdapter(createBotAuthentication(teams));
  const turn = createTurn({ deps: context.deps, log: context.log, wakeRelay: context.wakeRelay });
  // 'token-unchecked': the token could not even be checked (Microsoft's keys out of reach), as opposed to refused.
  const refused = burstLog(context.log, 'teams: activities refused', 'refused');
  const endpoint = teamsEndpoint({ adapter, emulator: teams.emulator, turn, log: context.log, refused });
  return {
    name: 'teams',
    routes: { [TEAMS_ROUTE]: endpoint },
    deliverer: createTeamsDeliverer({
      adapter,
      appId: teams.appId ?? '',
      emulator: teams.emulator,
      deps: context.deps,
    }),
    stop: async () => refused.flush(),
  };
}
