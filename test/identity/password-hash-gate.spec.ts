import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config/app-config.js';
import { DomainError } from '../../src/common/errors.js';
import { MAX_WAITING, PER_ADDRESS_IN_FLIGHT, PasswordHashGate } from '../../src/identity/password-hash-gate.js';

/** A hash that ends when the test says so. */
function pendingHash() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { done, finish };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the password-hash gate', () => {
  it('serves a user from another address next, however many one address queued before', async () => {
    const gate = new PasswordHashGate(loadConfig({ SIGN_IN_HASH_CONCURRENCY: '2' }));
    const order: string[] = [];
    const hashes = new Map<string, ReturnType<typeof pendingHash>>();
    const run = (address: string, name: string) =>
      gate.run(address, async () => {
        order.push(name);
        const hash = pendingHash();
        hashes.set(name, hash);
        await hash.done;
      });
    const attack = Array.from({ length: 10 }, (_, i) => run('192.0.2.66', `attack-${i}`));
    const real = run('198.51.100.77', 'real');
    await settle();
    expect(order).toEqual(['attack-0', 'attack-1']);
    hashes.get('attack-0')!.finish();
    await settle();
    // The slot freed goes to the address that has not had a turn yet, not to the attacker's third request.
    expect(order).toEqual(['attack-0', 'attack-1', 'real']);
    // The rest of the attack runs in its order as slots free.
    while (order.length < 11) {
      for (const hash of hashes.values()) hash.finish();
      await settle();
    }
    for (const hash of hashes.values()) hash.finish();
    await Promise.all([real, ...attack]);
    expect(order.slice(3)).toEqual(Array.from({ length: 8 }, (_, i) => `attack-${i + 2}`));
  });

  it(`refuses at once an address's request beyond ${PER_ADDRESS_IN_FLIGHT} in flight (429), and anyone beyond ${MAX_WAITING} waiting (503)`, async () => {
    const gate = new PasswordHashGate(loadConfig({ SIGN_IN_HASH_CONCURRENCY: '1' }));
    const hold = pendingHash();
    const held = Array.from({ length: PER_ADDRESS_IN_FLIGHT }, () => gate.run('192.0.2.66', () => hold.done));
    await expect(gate.run('192.0.2.66', () => hold.done)).rejects.toMatchObject({ code: 'TOO_MANY_SIGN_IN_ATTEMPTS', extra: { retryAfterSeconds: 1 } });
    const others = Array.from({ length: MAX_WAITING - PER_ADDRESS_IN_FLIGHT + 1 }, (_, i) => gate.run(`10.0.${i >> 8}.${i & 255}`, () => hold.done));
    const busy = gate.run('198.51.100.77', () => hold.done);
    await expect(busy).rejects.toBeInstanceOf(DomainError);
    await expect(busy).rejects.toMatchObject({ code: 'SIGN_IN_BUSY' });
    hold.finish();
    await Promise.all([...held, ...others]);
    // Every slot and place was given back: the next request runs at once.
    await expect(gate.run('192.0.2.66', async () => 'ran')).resolves.toBe('ran');
  });
});
