/**
 * The sign-in load of bench:signin: its own process (forked by bench/signin.ts), so no client work shares the
 * server's event loop. Each command: an attack of `attack` sign-ins sent at once (each its own connection, as from
 * many clients), and, `realAfterMs` later, one real sign-in; answers when all have been answered.
 */
import http from 'node:http';
import type { SignInCommand, SignInResult, SignInRequest } from './support/signin-protocol.js';

/** Posts one sign-in; resolves with its status and latency (ms) once the whole answer has arrived (status 0: no answer). */
function signIn(base: URL, r: SignInRequest): Promise<{ status: number; ms: number }> {
  const body = JSON.stringify({ username: r.username, password: r.password });
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (status: number) => resolve({ status, ms: performance.now() - started });
    const req = http.request(
      {
        agent: false,
        host: base.hostname,
        port: Number(base.port),
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-forwarded-for': r.address },
      },
      (res) => {
        res.resume();
        res.once('end', () => done(res.statusCode ?? 0));
        res.once('error', () => done(0));
      },
    );
    req.once('error', () => done(0));
    req.end(body);
  });
}

async function run(command: SignInCommand): Promise<SignInResult> {
  const base = new URL(command.base);
  const started = performance.now();
  const attack = command.attack.map((r) => signIn(base, r));
  await new Promise((resolve) => setTimeout(resolve, command.realAfterMs));
  const real = await signIn(base, command.real);
  const answers = await Promise.all(attack);
  const statuses: Record<string, number> = {};
  for (const a of answers) statuses[String(a.status)] = (statuses[String(a.status)] ?? 0) + 1;
  return { real, attackSeconds: (performance.now() - started) / 1000, attackMaxMs: Math.max(0, ...answers.map((a) => a.ms)), statuses };
}

process.on('message', (command: SignInCommand) => {
  void run(command).then((result) => process.send!(result));
});
