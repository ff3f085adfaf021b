import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AppModule } from '../src/app.module.js';
import { DomainError } from '../src/common/errors.js';
import { loadConfig, type AppConfig } from '../src/config/app-config.js';
import { CreateUserRequestDto } from '../src/identity/user.request.dto.js';
import { UsersService } from '../src/identity/users.service.js';
import type { IssuedPasswordView } from '../src/identity/user.view.js';
import { ReferenceDataService } from '../src/seed/reference-data.service.js';
import { isEntryPoint, parseOptions } from './cli.js';

export interface AdministratorRequest {
  username: string;
  displayName: string;
  /** The organisation's code; default: the commission of the reference data. */
  organisationCode?: string;
}

/**
 * Makes an administrator with the app's own services on the configured database (migrating it and
 * loading the organisations first, as a start would): the way to the first one under NODE_ENV=production,
 * where no demo account exists. The relay and the scheduler do not run.
 */
export async function createAdministrator(config: AppConfig, request: AdministratorRequest): Promise<IssuedPasswordView> {
  const quiet: AppConfig = { ...config, outbox: { ...config.outbox, pollMs: 0 }, scheduler: { ...config.scheduler, pollMs: 0 } };
  const app = await NestFactory.createApplicationContext(AppModule.register({ config: quiet }), { logger: false });
  try {
    const organisationCode = request.organisationCode ?? app.get(ReferenceDataService).commissionCode();
    // The same rules as POST /api/users: username pattern, a display name; the organisation is looked up by code.
    const dto = plainToInstance(CreateUserRequestDto, { username: request.username, displayName: request.displayName, organisationId: 'x', roles: ['admin'] });
    const errors = await validate(dto);
    if (errors.length > 0) {
      const messages = errors.flatMap((e) => Object.values(e.constraints ?? {}));
      throw new DomainError('VALIDATION_FAILED', messages.join('；'));
    }
    return await app.get(UsersService).createAdministrator({ username: request.username, displayName: request.displayName, organisationCode });
  } finally {
    await app.close();
  }
}

const USAGE = 'usage: npm run admin:create -- --username NAME --name 显示名 [--organisation CODE]';

/** `npm run admin:create -- --username NAME --name 显示名 [--organisation CODE]`: prints the one-time password, once. */
export async function main(args: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let options: Record<string, string>;
  try {
    options = parseOptions(args, ['username', 'name', 'organisation']);
    if (!options.username || !options.name) throw new Error('--username and --name are required');
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    const { user, oneTimePassword } = await createAdministrator(loadConfig(env), {
      username: options.username,
      displayName: options.name,
      organisationCode: options.organisation,
    });
    console.log(
      [
        `管理员账号已创建：${user.username}（${user.displayName}，${user.organisation.name}）`,
        `一次性密码：${oneTimePassword}`,
        '此密码只显示这一次；首次登录后须先修改密码。',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    const message = error instanceof DomainError ? error.detail : (error as Error).message;
    console.error(`未能创建管理员：${message}`);
    return 1;
  }
}

if (isEntryPoint(import.meta.url)) process.exitCode = await main();
