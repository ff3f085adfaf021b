/**
 * bench:signin — a real user's sign-in while 200 sign-ins arrive at once, the load from a second process
 * (signin-load.ts). Three attacks: 200 wrong passwords for one account from one address (locked after 5,
 * the rest refused before hashing); 200 for 200 unknown usernames from 200 addresses (no lock applies: the
 * hash gate's turns and its 64-place queue are what protect the real user); and, for scale, the real sign-in alone.
 * SQLite, or PostgreSQL when DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/bootstrap.js';
import { benchConfig, benchDatabaseUrl, benchPasswordOf, withSchema } from './support/bench-env.js';
import { Child } from './support/rush-protocol.js';
import type { SignInCommand, SignInRequest, SignInResult } from './support/signin-protocol.js';

const ATTACK = 200;
const WRONG = 'not-the-right-password-7';

type Load = Child<SignInCommand, SignInResult>;

const ms = (value: number) => `${value.toFixed(0)} ms`;

function line(name: string, r: SignInResult): string {
  const answers = Object.entries(r.statuses)
    .map(([status, n]) => `${n}×${status}`)
    .join(' ');
  return `  ${name.padEnd(34)} real sign-in ${String(r.real.status).padEnd(3)} ${ms(r.real.ms).padStart(8)}   attack answered in ${ms(r.attackMaxMs).padStart(8)}: ${answers}`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gongwen-signin-'));
  const load: Load = new Child(new URL('./signin-load.js', import.meta.url));
  try {
    await withSchema(async (schema) => {
      const app = await createApp({ config: benchConfig(schema, dir, { TRUST_PROXY: 'loopback' }), logger: false });
      await app.listen(0, '127.0.0.1');
      const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const real = (username: string): SignInRequest => ({ address: '198.51.100.77', username, password: benchPasswordOf(username) });
      try {
        const alone: SignInResult[] = [];
        for (let i = 0; i < 5; i++) alone.push(await load.ask({ base, attack: [], realAfterMs: 0, real: real('center-qc-neuro') }));
        const oneAccount = await load.ask({
          base,
          attack: Array.from({ length: ATTACK }, () => ({ address: '192.0.2.66', username: 'staff', password: WRONG })),
          realAfterMs: 20,
          real: real('leader'),
        });
        const spray = await load.ask({
          base,
          attack: Array.from({ length: ATTACK }, (_, i) => ({ address: `10.66.${i >> 8}.${i & 255}`, username: `nobody-${i}`, password: WRONG })),
          realAfterMs: 20,
          real: real('reviewer'),
        });
        const median = alone.map((r) => r.real.ms).sort((a, b) => a - b)[2];
        console.log(
          `bench:signin on ${benchDatabaseUrl ? 'PostgreSQL' : 'SQLite'}, ${cpus().length} cores; load from a second process, one connection per request`,
        );
        console.log(`  a real sign-in alone (median of 5)  ${ms(median)}`);
        console.log(line(`${ATTACK} × one account, one address`, oneAccount));
        console.log(line(`${ATTACK} × unknown users, ${ATTACK} addresses`, spray));
        console.log(`  (the real sign-in is sent 20 ms after the attack; before throttling and the hash gate it took 13.2 s behind ${ATTACK} hashes)`);
      } finally {
        await app.close();
      }
    });
  } finally {
    load.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
