import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config.js';
import { dataSourceOptions } from './src/database/data-source-options.js';
import { ENTITIES } from './src/entities.js';

/** For the TypeORM CLI: `npx typeorm migration:run -d dist/ormconfig.js`. */
export default new DataSource(dataSourceOptions(loadConfig(), ENTITIES));
