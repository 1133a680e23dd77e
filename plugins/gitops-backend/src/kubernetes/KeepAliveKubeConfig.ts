import { KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';

const MAX_SOCKETS = 64;

type RequestContext = Parameters<KubeConfig['applySecurityAuthentication']>[0];

/**
 * A KubeConfig whose requests share one keep-alive connection pool.
 * client-node builds a new agent for every request, so each call would open
 * (and, over TLS, negotiate) a fresh connection; with thousands of applies
 * and lists per pass that dominated the engine's time. One KubeConfig serves
 * one cluster and user here, so one pooled agent fits all of its requests,
 * watches included. Proxied clusters keep client-node's own agents.
 */
export class KeepAliveKubeConfig extends KubeConfig {
  private pool?: http.Agent;

  override async applySecurityAuthentication(
    context: RequestContext,
  ): Promise<void> {
    await super.applySecurityAuthentication(context);
    context.setAgent(
      this.pooled(context.getAgent() as http.Agent | undefined)!,
    );
  }

  override async applyToFetchOptions(opts: https.RequestOptions) {
    const init = await super.applyToFetchOptions(opts);
    return {
      ...init,
      agent: this.pooled(init.agent as http.Agent | undefined),
    };
  }

  private pooled(agent: http.Agent | undefined): http.Agent | undefined {
    if (!agent || this.getCurrentCluster()?.proxyUrl) {
      return agent;
    }
    if (!this.pool) {
      const options = {
        ...(agent as http.Agent & { options?: https.AgentOptions }).options,
        keepAlive: true,
        maxSockets: MAX_SOCKETS,
      };
      this.pool =
        agent instanceof https.Agent
          ? new https.Agent(options)
          : new http.Agent(options);
    }
    return this.pool;
  }
}
