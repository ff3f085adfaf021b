import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

/** The one place that reads process.env; validated at start (see .env.example). */
export interface AppConfig {
  port: number;
  /** `postgres://…` when set; otherwise the embedded SQLite file. */
  databaseUrl: string | null;
  /** PostgreSQL schema to use (default: the server's search_path, usually public). */
  databaseSchema: string | null;
  sqlitePath: string;
  dataDir: string;
  authSecret: string;
  authSecretGenerated: boolean;
  tokenTtlSeconds: number;
  demoPassword: string | null;
  /** Log SQL (development aid). */
  logSql: boolean;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL (leave it unset for the embedded SQLite file)');
  }
  const databaseSchema = env.DATABASE_SCHEMA?.trim() || null;
  if (databaseSchema && !/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema)) {
    throw new ConfigError('DATABASE_SCHEMA must be a lower-case SQL identifier');
  }
  const dataDir = resolve(env.DATA_DIR?.trim() || './data');
  let authSecret = env.AUTH_SECRET?.trim() ?? '';
  const authSecretGenerated = authSecret === '';
  if (authSecretGenerated) {
    if (env.NODE_ENV === 'production') throw new ConfigError('AUTH_SECRET is required in production');
    authSecret = randomBytes(32).toString('base64url');
  } else if (authSecret.length < 32) {
    throw new ConfigError('AUTH_SECRET must be at least 32 characters');
  }
  const demoPassword = env.DEMO_PASSWORD?.trim() || null;
  if (demoPassword !== null && demoPassword.length < 8) {
    throw new ConfigError('DEMO_PASSWORD must be at least 8 characters');
  }
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    databaseUrl,
    databaseSchema,
    dataDir,
    sqlitePath: resolve(env.SQLITE_PATH?.trim() || `${dataDir}/gongwen.sqlite`),
    authSecret,
    authSecretGenerated,
    tokenTtlSeconds: int(env, 'TOKEN_TTL_SECONDS', 8 * 3600, 60, 30 * 86400),
    demoPassword,
    logSql: env.LOG_SQL === '1',
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
