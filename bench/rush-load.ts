/**
 * The load generator of bench:rush: its own process (forked by bench/rush.ts), so it shares no event loop
 * with any server it drives. Keep-alive HTTP through node:http, at most `concurrency` sockets per run.
 * Answers each command (see support/rush-protocol.ts) with a LoadResult.
 */
import http from 'node:http';
import type { LoadCommand, LoadRequest, LoadResult } from './support/rush-protocol.js';

interface Target {
  agent: http.Agent;
  host: string;
  port: number;
  prefix: string;
}

function target(base: string, concurrency: number): Target {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  return { agent, host: url.hostname, port: Number(url.port), prefix: url.pathname.replace(/\/$/, '') };
}

/** Sends one request and resolves with its status when the whole answer has arrived (0: no answer). */
function send(t: Target, r: LoadRequest): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent: t.agent,
        host: t.host,
        port: t.port,
        method: r.method,
        path: t.prefix + r.path,
        headers: { authorization: `Bearer ${r.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(r.body) },
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', () => resolve(0));
      },
    );
    req.once('error', () => resolve(0));
    req.end(r.body);
  });
}

/** 0 for no values (JSON, hence IPC, has no NaN). */
function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summarise(latencies: number[], statuses: number[], seconds: number, cpu: NodeJS.CpuUsage, sendLags: number[]): LoadResult {
  const errors: Record<string, number> = {};
  for (const s of statuses) {
    if (s === 200) continue;
    const key = s === 0 ? 'network' : String(s);
    errors[key] = (errors[key] ?? 0) + 1;
  }
  return {
    sent: statuses.length,
    ok: statuses.filter((s) => s === 200).length,
    errors,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    sendLag: { p99: percentile(sendLags, 99), max: percentile(sendLags, 100) },
  };
}

async function closedLoop(base: string, requests: LoadRequest[], concurrency: number): Promise<LoadResult> {
  const t = target(base, concurrency);
  const latencies: number[] = [];
  const statuses: number[] = [];
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let r = requests[next++]; r; r = requests[next++]) {
        const t0 = performance.now();
        statuses.push(await send(t, r));
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  t.agent.destroy();
  return summarise(latencies, statuses, seconds, used, []);
}

async function openLoop(base: string, requests: LoadRequest[], rate: number, concurrency: number): Promise<LoadResult> {
  const t = target(base, concurrency);
  const latencies: number[] = [];
  const statuses: number[] = [];
  const answers: Promise<void>[] = [];
  const interval = 1000 / rate;
  const sendLags: number[] = [];
  let lastAnswer = 0;
  const cpu = process.cpuUsage();
  const start = performance.now() + 10;
  const due = (i: number) => start + i * interval;
  await new Promise<void>((done) => {
    let i = 0;
    const tick = () => {
      // Everything whose instant has come goes out now, whether or not earlier requests have answered.
      for (let now = performance.now(); i < requests.length && due(i) <= now; i++) {
        const scheduled = due(i);
        sendLags.push(now - scheduled);
        answers.push(
          send(t, requests[i]).then((status) => {
            lastAnswer = performance.now();
            statuses.push(status);
            latencies.push(lastAnswer - scheduled);
          }),
        );
      }
      if (i < requests.length) setTimeout(tick, Math.max(0, due(i) - performance.now()));
      else done();
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  await Promise.all(answers);
  const used = process.cpuUsage(cpu);
  t.agent.destroy();
  return summarise(latencies, statuses, (lastAnswer - start) / 1000, used, sendLags);
}

async function run(command: LoadCommand): Promise<LoadResult> {
  switch (command.kind) {
    case 'closed':
      return closedLoop(command.base, command.requests, command.concurrency);
    case 'open':
      return openLoop(command.base, command.requests, command.rate, command.concurrency);
  }
}

process.on('message', (message) => {
  void run(message as LoadCommand).then((result) => process.send!(result));
});
process.once('disconnect', () => process.exit(0));
