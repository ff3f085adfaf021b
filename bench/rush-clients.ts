/** The load generator of bench:rush, in a worker thread so it does not share the server's event loop. */
import { parentPort, workerData } from 'node:worker_threads';

interface Job {
  id: string;
  token: string;
}
const { base, jobs, concurrency } = workerData as { base: string; jobs: Job[]; concurrency: number };

async function run(): Promise<void> {
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  async function client(): Promise<void> {
    for (;;) {
      const job = jobs[next++];
      if (!job) return;
      const t0 = performance.now();
      const res = await fetch(`${base}/assignments/${job.id}/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${job.token}`, 'content-type': 'application/json' },
        body: '{"type":"SUBMIT"}',
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.status !== 200) failures[res.status] = (failures[res.status] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, () => client()));
  parentPort!.postMessage({ latencies, failures, seconds: (performance.now() - started) / 1000 });
}

void run();
