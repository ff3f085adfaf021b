import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/errors.js';

/** Sign-ins of one client address hashing or waiting at once in one instance; more answer 429 at once. */
export const PER_ADDRESS_IN_FLIGHT = 32;
/** Sign-ins waiting for a hash in one instance; more answer 503 at once (with 2 at a time, ≈ 1–2 s of work). */
export const MAX_WAITING = 64;

/**
 * scrypt runs on libuv's thread pool (4 threads), which file reads and DNS
 * share: 200 sign-ins at once queued 200 hashes there, and a real user's waited
 * behind them all. The gate lets `hashConcurrency` hashes run at once and
 * gives a freed slot to the waiting address served least recently (first come
 * first served within one address), so a user from elsewhere waits for about
 * one hash per other address, however many one address sends; what would wait
 * too long is refused at once.
 */
@Injectable()
export class PasswordHashGate {
  private running = 0;
  private waiting = 0;
  /** The waiters of each address, first come first served. */
  private readonly queues = new Map<string, (() => void)[]>();
  private readonly inFlight = new Map<string, number>();
  /** When each address in flight last got a slot (a running count): the least recent goes next. */
  private readonly lastTurn = new Map<string, number>();
  private turns = 0;
  private readonly concurrency: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.concurrency = config.signIn.hashConcurrency;
  }

  /** Runs `work` (which hashes) when a slot is free and it is this address's turn. */
  async run<T>(address: string, work: () => Promise<T>): Promise<T> {
    const mine = this.inFlight.get(address) ?? 0;
    if (mine >= PER_ADDRESS_IN_FLIGHT) {
      throw new DomainError('TOO_MANY_SIGN_IN_ATTEMPTS', '此网络地址同时发起的登录请求过多，请稍后再试', { retryAfterSeconds: 1 });
    }
    if (this.running >= this.concurrency && this.waiting >= MAX_WAITING) {
      throw new DomainError('SIGN_IN_BUSY', '登录请求过多，服务器繁忙，请稍后再试', { retryAfterSeconds: 1 });
    }
    this.inFlight.set(address, mine + 1);
    try {
      await this.acquire(address);
      try {
        return await work();
      } finally {
        this.release();
      }
    } finally {
      const left = (this.inFlight.get(address) ?? 1) - 1;
      if (left > 0) this.inFlight.set(address, left);
      else {
        this.inFlight.delete(address);
        this.lastTurn.delete(address);
      }
    }
  }

  private acquire(address: string): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      this.lastTurn.set(address, ++this.turns);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.queues.get(address);
      if (queue) queue.push(resolve);
      else this.queues.set(address, [resolve]);
      this.waiting++;
    });
  }

  /** Hands the slot (`running` unchanged) to the first waiter of the address served least recently, or frees it. */
  private release(): void {
    let address: string | undefined;
    for (const waiting of this.queues.keys()) {
      if (address === undefined || (this.lastTurn.get(waiting) ?? 0) < (this.lastTurn.get(address) ?? 0)) address = waiting;
    }
    if (address === undefined) {
      this.running--;
      return;
    }
    const queue = this.queues.get(address)!;
    const next = queue.shift()!;
    if (queue.length === 0) this.queues.delete(address);
    this.waiting--;
    this.lastTurn.set(address, ++this.turns);
    next();
  }
}
