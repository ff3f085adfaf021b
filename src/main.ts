import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { ReferenceDataService } from './seed/reference-data.service.js';
import { WEB_APP_DIR } from './web/web-app.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message} (see .env.example)`);
      process.exit(2);
    }
    throw error;
  }
  const logger = new Logger('gongwen');
  if (config.authSecretGenerated) logger.warn('AUTH_SECRET is not set: a random one is used, so sign-ins end at restart');
  const app = await createApp({ config });
  await app.listen(config.port);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  logger.log(`database: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.sqlitePath}`);
  if (existsSync(join(WEB_APP_DIR, 'index.html'))) logger.log(`web app: ${url}/`);
  logger.log(config.apiDocs ? `API docs: ${url}/api/docs` : 'API docs: off (API_DOCS=1 to serve them)');
  const seed = app.get(ReferenceDataService).report;
  if (seed.seeded) {
    const lines = seed.accounts.map((a) => `  ${a.username.padEnd(24)} ${a.password}  ${a.roles.join(',').padEnd(9)} ${a.organisation}`);
    const origin = seed.fromDemoPassword ? 'derived from DEMO_PASSWORD' : 'generated at this start, shown once';
    console.log(`\nDemo accounts (each with its own password, ${origin}):\n${lines.join('\n')}\n`);
  } else if (config.demoAccounts) {
    logger.log('demo accounts exist already (see README); their passwords were printed at first start');
  }
}

void main();
