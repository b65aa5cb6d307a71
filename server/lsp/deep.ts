// Deep checks for the editor: one GarService per distinct GAR configuration
// (deep, endpoint, timeout), created lazily the first time a project needs
// it. createGarService loads nothing heavy; the client library loads on the
// first request, so an editor session that never meets an Artifact Registry
// host never pays for it. Problems (no credentials with deep = true, a bad
// endpoint) are logged once per configuration. The client module itself
// (server/gar/client.ts) is required on the first config with deep checks
// on: an editor with deep checks off never loads it.

import type { Config } from '../engine/config';
import type { GarService } from '../gar/service';

export class DeepChecks {
  private services = new Map<string, GarService | undefined>();

  constructor(
    private log: (message: string) => void,
    private env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The service for a project's config, or undefined when deep checks are off or unusable. */
  forConfig(config: Config): GarService | undefined {
    if (config.deep === false) return undefined;
    const key = JSON.stringify([config.deep, config.gar.endpoint ?? '', config.gar.timeoutMs]);
    if (this.services.has(key)) return this.services.get(key);
    let service: GarService | undefined;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use (see above)
      const setup = (require('../gar/client') as typeof import('../gar/client')).createGarService(config, { env: this.env });
      switch (setup.status) {
        case 'ready':
          service = setup.service;
          this.log(`deep checks on (Artifact Registry as ${setup.service.identity})`);
          break;
        case 'off':
          break;
        case 'no-credentials':
          if (setup.required) this.log(`deep checks are required (deep = true) but ${setup.message}`);
          break;
        case 'invalid-endpoint':
          this.log(`invalid configuration: gar.endpoint: ${setup.message}; deep checks are off`);
          break;
      }
    } catch (e) {
      this.log(`deep checks are off: ${(e as Error)?.message ?? e}`);
    }
    this.services.set(key, service);
    return service;
  }

  /** Drops every service (settings changed); their channels are closed in the background. */
  reset(): void {
    const old = [...this.services.values()];
    this.services.clear();
    for (const s of old) void s?.close?.().catch(() => undefined);
  }

  async dispose(): Promise<void> {
    const old = [...this.services.values()];
    this.services.clear();
    await Promise.all(old.map((s) => s?.close?.().catch(() => undefined)));
  }
}
