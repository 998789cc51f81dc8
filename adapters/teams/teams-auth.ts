import { type Activity, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Config } from '../../src/config.ts';

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/**
 * botbuilder's authentication from the `MicrosoftApp*` settings: with an app id every inbound JWT is validated and
 * outbound calls carry a token; without one, auth is off (local-emulator mode).
 *
 * Outbound calls go out once: the Azure HTTP pipeline under the Bot Connector client would otherwise sleep through
 * a 429's Retry-After and retry 5xx answers inside the call (seconds, holding a request or the outbox relay). Portero
 * retries itself, where it can see the whole conversation's rate: inbound replies are best-effort, outbox deliveries
 * report the delay to the relay.
 */
export function createBotAuthentication(teams: Config['teams']): ConfigurationBotFrameworkAuthentication {
  return new SingleShotAuthentication({
    ...(teams.appId && { MicrosoftAppId: teams.appId }),
    ...(teams.appPassword && { MicrosoftAppPassword: teams.appPassword }),
    ...(teams.appType && { MicrosoftAppType: teams.appType }),
    ...(teams.appTenantId && { MicrosoftAppTenantId: teams.appTenantId }),
  });
}

class SingleShotAuthentication extends ConfigurationBotFrameworkAuthentication {
  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return withoutRetries(super.createConnectorFactory(claimsIdentity));
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: withoutRetries(result.connectorFactory) } : result;
  }
}

interface PipelineHolder {
  client?: { pipeline?: { removePolicy(policy: { name: string }): unknown } };
}

function withoutRetries(factory: ConnectorFactory): ConnectorFactory {
  return {
    async create(serviceUrl: string, audience?: string) {
      const client = await factory.create(serviceUrl, audience);
      // `client` is private in botbuilder's types (botbuilder-stdlib ServiceClientContext); the Teams tests notice
      // at once if a botbuilder upgrade moves it: a 429 would then be retried inside the call.
      (client as unknown as PipelineHolder).client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
      return client;
    },
  };
}
