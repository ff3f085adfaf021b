import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { APP_CONFIG, loadConfig, type AppConfig } from './config/app-config.js';
import { Clock, SystemClock } from './common/clock.js';
import { AppLog, createAppLog } from './common/app-log.js';
import { Metrics } from './common/metrics.js';
import { ProblemFilter } from './common/problem.filter.js';
import { DatabaseModule } from './database/database.module.js';
import { AuditModule } from './audit/audit.module.js';
import { IdentityModule } from './identity/identity.module.js';
import { CatalogueModule } from './catalogue/catalogue.module.js';
import { NoticesModule } from './notices/notices.module.js';
import { AssignmentsModule } from './assignments/assignments.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { InboxModule } from './inbox/inbox.module.js';
import { MailModule } from './mail/mail.module.js';
import { SchedulerModule } from './scheduler/scheduler.module.js';
import { SeedModule } from './seed/seed.module.js';
import { ENTITIES } from './entities.js';
import { HealthController } from './health.controller.js';
import { ReadinessState } from './readiness.js';

@Module({})
class CoreModule {
  /** Configuration, the clock, the log and the metrics, available everywhere; tests pass their own. */
  static register(config: AppConfig, clock: Clock, log: AppLog, metrics: Metrics): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        { provide: AppLog, useValue: log },
        { provide: Metrics, useValue: metrics },
      ],
      exports: [APP_CONFIG, Clock, AppLog, Metrics],
    };
  }
}

@Module({})
export class AppModule {
  static register(options: { config?: AppConfig; clock?: Clock; log?: AppLog; metrics?: Metrics } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(
          options.config ?? loadConfig(),
          options.clock ?? new SystemClock(),
          options.log ?? createAppLog({ quiet: true }),
          options.metrics ?? new Metrics(),
        ),
        DatabaseModule.forRoot(ENTITIES),
        AuditModule,
        IdentityModule,
        CatalogueModule,
        NoticesModule,
        AssignmentsModule,
        CampaignsModule,
        InboxModule,
        MailModule,
        SchedulerModule,
        SeedModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }, ReadinessState],
    };
  }
}
