import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';

export type Readiness = 'starting' | 'ready' | 'draining';

/**
 * Whether this instance should be sent traffic: not before every module is initialised (migrations ran
 * when the database came up, the reference data in the seed's init), and no longer once a shutdown
 * signal arrived: /api/health/ready answers 503 for SHUTDOWN_DRAIN_MS before the server stops
 * taking requests, so a load balancer takes the instance out first.
 */
@Injectable()
export class ReadinessState implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private state: Readiness = 'starting';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get current(): Readiness {
    return this.state;
  }

  onApplicationBootstrap(): void {
    this.state = 'ready';
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.state = 'draining';
    if (signal && this.config.shutdownDrainMs > 0) await sleep(this.config.shutdownDrainMs);
  }
}
