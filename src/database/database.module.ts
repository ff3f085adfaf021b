import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntitySchema } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';
import { Db } from './db.js';
import { Sequences } from './sequences.js';
import { underStartupLock } from './startup-lock.js';

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** `entities`: every module's tables, gathered by the app root (this module knows no other module). */
  static forRoot(entities: readonly EntitySchema[]): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          inject: [APP_CONFIG],
          useFactory: async (config: AppConfig) => {
            const dataSource = new DataSource(dataSourceOptions(config, entities));
            await dataSource.initialize();
            // Instances started at once on an empty database: one migrates, the others wait and find nothing to do.
            const applied = await underStartupLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
            if (applied.length > 0) {
              new Logger('Database').log(`applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
            }
            return dataSource;
          },
        },
        { provide: Db, inject: [DataSource], useFactory: (dataSource: DataSource) => new Db(dataSource) },
        Sequences,
      ],
      exports: [DataSource, Db, Sequences],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
