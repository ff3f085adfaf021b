import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { templatePath } from '../common/project-paths.js';
import { isCommonPassword } from '../common/common-passwords.js';

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
  /** Demo accounts on an empty database: never under NODE_ENV=production. */
  demoAccounts: boolean;
  /** Log SQL (development aid). */
  logSql: boolean;
  /** Absolute base of the links the product puts in mail (no trailing slash), e.g. `https://gongwen.wsjkw.tianjin.example`. */
  appUrl: string;
  /** Extra years of the working-day calendar: YYYY.json files (templates/calendar/ unless CALENDAR_DIR says otherwise). */
  calendarDir: string;
  /** Origins (scheme://host[:port]) whose pages may call the API from a browser; empty: none but the app's own (CORS closed). */
  corsOrigins: string[];
  /** Serve Swagger UI at /api/docs: on by default, off under NODE_ENV=production unless API_DOCS=1. */
  apiDocs: boolean;
  attachments: AttachmentsConfig;
  mail: MailConfig;
  outbox: OutboxConfig;
  scheduler: { /** How often each instance looks for due timers; 0 turns the loop off (tests run it by hand). */ pollMs: number };
  signIn: SignInConfig;
  /** Bearer token that opens GET /metrics (at least 32 characters); null: /metrics answers 404. */
  metricsToken: string | null;
  /** How long an Idempotency-Key replays its first answer; older keys are deleted. */
  idempotencyTtlHours: number;
  /** On SIGTERM/SIGINT, how long /api/health/ready answers 503 before the server stops taking requests. */
  shutdownDrainMs: number;
  audit: AuditConfig;
}

export interface AuditConfig {
  /** Signs the checkpoints of the audit chain written under DATA_DIR (AUDIT_ANCHOR_SECRET, else AUTH_SECRET). */
  anchorSecret: string;
  /** How often an instance writes a checkpoint of the chain's head when it moved; 0: only at each verification. */
  anchorIntervalMs: number;
  /** The append-only file of checkpoints (JSON lines). */
  anchorFile: string;
}

export interface SignInConfig {
  /**
   * Which proxies in front of the app express trusts for the client address
   * (`req.ip`, which sign-in throttling counts by): false (the socket's peer),
   * a number of hops, or addresses/subnets (`loopback`, `10.0.0.0/8`).
   */
  trustProxy: false | number | string[];
  /** Password hashes (scrypt, on libuv's thread pool) computed at once by one instance; the rest wait their turn. */
  hashConcurrency: number;
}

export interface AttachmentsConfig {
  /** Largest file a notice may carry, in bytes (default 20 MB). */
  maxBytes: number;
}

export interface MailConfig {
  /** Above this many bytes of notice attachments, the notice mail carries download links instead of the files (default 15 MB). */
  attachmentsMaxBytes: number;
  /** `smtp://` or `smtps://` URL of a real SMTP server; null: write .eml files to `dropDir`. */
  smtpUrl: string | null;
  dropDir: string;
  /** The From header, e.g. `天津市卫生健康委员会 <gongwen@wsjkw.tianjin.example>`. */
  from: string;
  /** Verify the SMTP server's certificate (turn off only for a test server). */
  tlsRejectUnauthorized: boolean;
  dkim: { domainName: string; keySelector: string; privateKey: string } | null;
}

export interface OutboxConfig {
  /** How often each instance's relay looks for due messages; 0 turns the loop off (tests drain by hand). */
  pollMs: number;
  batchSize: number;
  /**
   * How long a claimed message is reserved for its relay before another may retry it: the mail of an
   * instance that died goes out from another within this. A heartbeat renews it every third of it while sending.
   */
  leaseMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  /** Messages sent at once by one relay. */
  concurrency: number;
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
  } else {
    checkAuthSecret(authSecret);
  }
  const demoPassword = env.DEMO_PASSWORD?.trim() || null;
  if (demoPassword !== null && demoPassword.length < 8) {
    throw new ConfigError('DEMO_PASSWORD must be at least 8 characters');
  }
  if (demoPassword !== null && isCommonPassword(demoPassword)) {
    throw new ConfigError('DEMO_PASSWORD is one of the most common passwords (templates/security/common-passwords.txt): choose another');
  }
  const demoAccounts = env.NODE_ENV !== 'production';
  if (demoPassword !== null && !demoAccounts) throw new ConfigError('DEMO_PASSWORD is not used under NODE_ENV=production: no demo accounts are created there');
  const port = int(env, 'PORT', 3000, 0, 65535);
  return {
    port,
    databaseUrl,
    databaseSchema,
    dataDir,
    sqlitePath: resolve(env.SQLITE_PATH?.trim() || `${dataDir}/gongwen.sqlite`),
    authSecret,
    authSecretGenerated,
    tokenTtlSeconds: int(env, 'TOKEN_TTL_SECONDS', 8 * 3600, 60, 30 * 86400),
    demoPassword,
    demoAccounts,
    logSql: env.LOG_SQL === '1',
    appUrl: loadAppUrl(env, port),
    calendarDir: resolve(env.CALENDAR_DIR?.trim() || templatePath('calendar')),
    corsOrigins: loadCorsOrigins(env),
    apiDocs: loadApiDocs(env),
    attachments: { maxBytes: int(env, 'ATTACHMENT_MAX_BYTES', 20 * MB, 1024, 200 * MB) },
    mail: loadMailConfig(env, dataDir),
    scheduler: { pollMs: int(env, 'SCHEDULER_POLL_MS', 250, 0, 3_600_000) },
    audit: loadAuditConfig(env, dataDir, authSecret),
    signIn: { trustProxy: loadTrustProxy(env), hashConcurrency: int(env, 'SIGN_IN_HASH_CONCURRENCY', 2, 1, 16) },
    ...loadOperations(env),
    outbox: {
      pollMs: int(env, 'OUTBOX_POLL_MS', 1000, 0, 3_600_000),
      batchSize: int(env, 'OUTBOX_BATCH_SIZE', 50, 1, 1000),
      leaseMs: int(env, 'OUTBOX_LEASE_MS', 15_000, 1000, 86_400_000),
      maxAttempts: int(env, 'OUTBOX_MAX_ATTEMPTS', 8, 1, 100),
      backoffBaseMs: int(env, 'OUTBOX_BACKOFF_BASE_MS', 5000, 1, 3_600_000),
      concurrency: int(env, 'OUTBOX_CONCURRENCY', 8, 1, 100),
    },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

const MB = 1024 * 1024;

/**
 * The least an AUTH_SECRET must be: 32 bytes, 7 distinct characters, 80 bits by the estimate below. A 32-character
 * hex string from `openssl rand -hex 16` scores ~118 (never under 90 with 8 distinct in a million draws).
 */
const SECRET_MIN_BYTES = 32;
const SECRET_MIN_DISTINCT = 7;
const SECRET_MIN_BITS = 80;

/** Shannon entropy of the characters' frequencies times the length: a lower bound on guessing work only for random text, but it catches 32 × "a". */
export function estimatedEntropyBits(text: string): number {
  const chars = [...text];
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / chars.length) * Math.log2(n / chars.length);
  return perChar * chars.length;
}

/** Tokens signed with a guessable secret can be forged for any account: refuse one that is short, repetitive or of few characters. */
function checkAuthSecret(secret: string, name = 'AUTH_SECRET'): void {
  const advice = 'generate one with: openssl rand -base64 32';
  if (Buffer.byteLength(secret, 'utf8') < SECRET_MIN_BYTES) throw new ConfigError(`${name} must be at least ${SECRET_MIN_BYTES} bytes; ${advice}`);
  const distinct = new Set(secret).size;
  const repeated = /^(.+?)\1+$/s.test(secret);
  if (distinct < SECRET_MIN_DISTINCT || repeated || estimatedEntropyBits(secret) < SECRET_MIN_BITS) {
    throw new ConfigError(`${name} is too predictable (few distinct characters or a repeated pattern); ${advice}`);
  }
}

/** AUDIT_ANCHOR_SECRET held to AUTH_SECRET's rules; unset: AUTH_SECRET signs the checkpoints too. */
function loadAuditConfig(env: NodeJS.ProcessEnv, dataDir: string, authSecret: string): AuditConfig {
  const own = env.AUDIT_ANCHOR_SECRET?.trim() ?? '';
  if (own !== '') checkAuthSecret(own, 'AUDIT_ANCHOR_SECRET');
  return {
    anchorSecret: own || authSecret,
    anchorIntervalMs: int(env, 'AUDIT_ANCHOR_INTERVAL_MS', 3_600_000, 0, 7 * 86_400_000),
    anchorFile: resolve(env.AUDIT_ANCHOR_FILE?.trim() || `${dataDir}/audit-anchors.jsonl`),
  };
}

/** `CORS_ORIGINS=https://a.example,https://b.example`: each an origin, nothing more (no path, no wildcard). */
function loadCorsOrigins(env: NodeJS.ProcessEnv): string[] {
  const raw = env.CORS_ORIGINS?.trim() ?? '';
  if (raw === '') return [];
  return raw.split(',').map((item) => {
    const value = item.trim();
    let url: URL | null = null;
    try {
      url = new URL(value);
    } catch {
      url = null;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== value.replace(/\/$/, '')) {
      throw new ConfigError(`CORS_ORIGINS must list origins like https://portal.example.cn separated by commas (no path, no *), got "${value}"`);
    }
    return url.origin;
  });
}

function loadOperations(env: NodeJS.ProcessEnv): Pick<AppConfig, 'metricsToken' | 'idempotencyTtlHours' | 'shutdownDrainMs'> {
  return {
    metricsToken: loadMetricsToken(env),
    idempotencyTtlHours: int(env, 'IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 365),
    shutdownDrainMs: int(env, 'SHUTDOWN_DRAIN_MS', env.NODE_ENV === 'production' ? 5000 : 0, 0, 120_000),
  };
}

function loadMetricsToken(env: NodeJS.ProcessEnv): string | null {
  const token = env.METRICS_TOKEN?.trim() || null;
  if (token !== null && (token.length < 32 || !/^[\x21-\x7e]+$/.test(token))) {
    throw new ConfigError('METRICS_TOKEN must be at least 32 printable characters without spaces; generate one with: openssl rand -hex 24');
  }
  return token;
}

function loadApiDocs(env: NodeJS.ProcessEnv): boolean {
  const raw = env.API_DOCS?.trim() ?? '';
  if (raw !== '' && raw !== '0' && raw !== '1') throw new ConfigError(`API_DOCS must be 0 or 1, got "${raw}"`);
  return raw === '' ? env.NODE_ENV !== 'production' : raw === '1';
}

function loadAppUrl(env: NodeJS.ProcessEnv, port: number): string {
  const raw = env.APP_URL?.trim() || `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`APP_URL must be an absolute http(s) URL, got "${raw}"`);
  }
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash) {
    throw new ConfigError(`APP_URL must be an absolute http(s) URL without query, got "${raw}"`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** TRUST_PROXY: unset or 0 (trust no proxy), a hop count, or a comma-separated list of addresses, subnets or loopback/linklocal/uniquelocal. */
function loadTrustProxy(env: NodeJS.ProcessEnv): false | number | string[] {
  const raw = env.TRUST_PROXY?.trim() ?? '';
  if (raw === '' || raw === '0') return false;
  if (/^\d+$/.test(raw)) return int(env, 'TRUST_PROXY', 0, 0, 10);
  const entries = raw.split(',').map((entry) => entry.trim());
  const valid = (entry: string) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F]*[.:][0-9a-fA-F.:]*(\/\d{1,3})?)$/.test(entry);
  if (!entries.every(valid)) {
    throw new ConfigError(`TRUST_PROXY must be a number of hops or a list of proxy addresses/subnets (loopback, 10.0.0.0/8), got "${raw}"`);
  }
  return entries;
}

function loadMailConfig(env: NodeJS.ProcessEnv, dataDir: string): MailConfig {
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// URL');
  const from = env.MAIL_FROM?.trim() || '天津市卫生健康委员会 公文流转 <gongwen@wsjkw.tianjin.example>';
  if (!/<[^<>@\s]+@[^<>@\s]+>$|^[^<>@\s]+@[^<>@\s]+$/.test(from)) throw new ConfigError('MAIL_FROM must be an address, optionally with a name: Name <a@b>');
  const dkimDomain = env.DKIM_DOMAIN?.trim();
  const dkimSelector = env.DKIM_SELECTOR?.trim();
  const dkimKey = env.DKIM_PRIVATE_KEY?.replace(/\\n/g, '\n').trim();
  const dkimParts = [dkimDomain, dkimSelector, dkimKey].filter(Boolean).length;
  if (dkimParts !== 0 && dkimParts !== 3) throw new ConfigError('DKIM needs DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY together');
  return {
    attachmentsMaxBytes: int(env, 'MAIL_ATTACHMENTS_MAX_BYTES', 15 * MB, 0, 200 * MB),
    smtpUrl,
    dropDir: resolve(env.MAIL_DROP_DIR?.trim() || `${dataDir}/mail-drop`),
    from,
    tlsRejectUnauthorized: env.SMTP_TLS_REJECT_UNAUTHORIZED !== '0',
    dkim: dkimParts === 3 ? { domainName: dkimDomain!, keySelector: dkimSelector!, privateKey: dkimKey! } : null,
  };
}
