import { Inject, Injectable } from '@nestjs/common';
import { isIPv6 } from 'node:net';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import { Db } from '../database/db.js';
import { SignInThrottleRepository, type ActiveLock, type ThrottleKey, type ThrottleScope } from './sign-in-throttle.repository.js';

const MINUTE = 60_000;

interface Policy {
  /** Failures within `windowMs` that lock the key. */
  limit: number;
  windowMs: number;
  /** The first lock's period; each further lock in a row doubles it, up to `maxLockMs`. */
  baseLockMs: number;
  maxLockMs: number;
}

/**
 * An account locks after 5 failures in 15 minutes, for 5 minutes, then 10,
 * 20, 40, 60; an address (spraying one password over many accounts) after 20,
 * for 1 minute, then 2, 4 … 60. A lock answers 429 to every attempt, the
 * right password included, before any password is hashed.
 */
export const SIGN_IN_POLICIES: Record<ThrottleScope, Policy> = {
  account: { limit: 5, windowMs: 15 * MINUTE, baseLockMs: 5 * MINUTE, maxLockMs: 60 * MINUTE },
  address: { limit: 20, windowMs: 15 * MINUTE, baseLockMs: 1 * MINUTE, maxLockMs: 60 * MINUTE },
};

/** A day without a lock and the next one is short again; rows idle that long are deleted. */
const FORGET_AFTER_MS = 24 * 60 * MINUTE;

/**
 * The key of a client address: an IPv4 address as it is (also when IPv6-mapped),
 * an IPv6 address by its /64 (one subscriber gets a whole /64, so counting single
 * addresses would not slow anyone).
 */
export function addressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The account's key: the username as the sign-in form normalises it, whether or not such an account exists. */
export const accountKey = (username: string): string => username.trim().toLowerCase();

/**
 * Failed sign-ins counted per account and per client address in the database,
 * so that every instance sees the same counts and locks (all times from the Clock).
 */
@Injectable()
export class SignInThrottle {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(SignInThrottleRepository) private readonly repository: SignInThrottleRepository,
  ) {}

  /** TOO_MANY_SIGN_IN_ATTEMPTS (429, Retry-After) while the account or the address is locked. */
  async assertAllowed(username: string, address: string): Promise<void> {
    const now = this.clock.now();
    const locks = await this.db.read((sql) => this.repository.activeLocks(sql, accountKey(username), address, now.toISOString()));
    if (locks.length > 0) throw refusal(locks, now);
  }

  /** Counts a failed sign-in against the account and the address, locking either at its limit. */
  async recordFailure(username: string, address: string): Promise<void> {
    const now = this.clock.now();
    const keys: ThrottleKey[] = [
      { scope: 'account', subject: accountKey(username) },
      { scope: 'address', subject: address },
    ];
    await this.db.read(async (sql) => {
      for (const key of keys) {
        const policy = SIGN_IN_POLICIES[key.scope];
        const at = now.toISOString();
        const windowStart = new Date(now.getTime() - policy.windowMs).toISOString();
        const forgetBefore = new Date(now.getTime() - FORGET_AFTER_MS).toISOString();
        const { failures, lockouts } = await this.repository.countFailure(sql, key, at, windowStart, forgetBefore);
        if (failures < policy.limit) continue;
        const period = Math.min(policy.baseLockMs * 2 ** Math.min(lockouts, 20), policy.maxLockMs);
        await this.repository.lock(sql, key, at, new Date(now.getTime() + period).toISOString(), policy.limit);
      }
    });
  }

  /** The right password: the account's failures and past locks are forgiven (the address's are not: one good account must not cover a spray). */
  async recordSuccess(username: string): Promise<void> {
    const now = this.clock.now();
    await this.db.read(async (sql) => {
      await this.repository.forgive(sql, { scope: 'account', subject: accountKey(username) }, now.toISOString());
      await this.repository.purge(sql, new Date(now.getTime() - FORGET_AFTER_MS).toISOString());
    });
  }
}

/** The refusal for the lock that ends last; the detail in whole minutes, Retry-After in seconds. */
function refusal(locks: ActiveLock[], now: Date): DomainError {
  const last = locks.reduce((a, b) => (a.lockedUntil >= b.lockedUntil ? a : b));
  const seconds = Math.max(1, Math.ceil((Date.parse(last.lockedUntil) - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  const detail = last.scope === 'account' ? `登录失败次数过多，请在 ${minutes} 分钟后再试` : `此网络地址登录失败次数过多，请在 ${minutes} 分钟后再试`;
  return new DomainError('TOO_MANY_SIGN_IN_ATTEMPTS', detail, {
    retryAfterSeconds: seconds,
    logMessage: `sign-in refused: ${last.scope} locked until ${last.lockedUntil}`,
  });
}
