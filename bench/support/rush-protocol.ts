/** The messages bench:rush exchanges with its two child processes: the load generator and the bare server. */
import { fork, type ChildProcess } from 'node:child_process';

/** One HTTP request the load generator sends; `path` is relative to the run's `base`. */
export interface LoadRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  token: string;
  body: string;
}

export type LoadCommand =
  /** `concurrency` clients, each sending its next request when the previous one has answered. */
  | { kind: 'closed'; base: string; requests: LoadRequest[]; concurrency: number }
  /** Request i is sent at start + i/rate s whatever the answers; latency counts from that scheduled instant. */
  | { kind: 'open'; base: string; requests: LoadRequest[]; rate: number; concurrency: number };

export interface LoadResult {
  sent: number;
  ok: number;
  /** Answers other than 200, by status ("network" for a failed connection). */
  errors: Record<string, number>;
  p50: number;
  p99: number;
  max: number;
  /** From the first (scheduled) send to the last answer. */
  seconds: number;
  /** The load generator's own CPU (user + system) during the run, in seconds. */
  cpuSeconds: number;
  /** Open loop: how far behind schedule the generator itself sent (ms); 0 for a closed loop. */
  sendLag: { p99: number; max: number };
}

export type BareCommand =
  /** `framework`: a plain node:http server, or the same route behind NestJS (the framework's floor). */
  | { kind: 'start'; framework: 'node' | 'nest'; databaseUrl: string | null; schema: string | null; sqlitePath: string; ids: string[]; poolSize: number }
  /** The same INSERT + UPDATE transaction, called directly (no HTTP), `concurrency` at a time over these ids. */
  | { kind: 'direct'; ids: string[]; concurrency: number }
  | { kind: 'cpu' };

export type BareReply = { kind: 'ready'; port: number } | { kind: 'direct'; perSecond: number } | { kind: 'cpu'; usage: NodeJS.CpuUsage };

/** A child process running a compiled bench script that answers each message with one message. */
export class Child<Command, Reply> {
  private readonly process: ChildProcess;
  private readonly exited: Promise<never>;

  constructor(script: URL) {
    // No inherited --inspect or similar: the child is a plain node process.
    this.process = fork(script, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise<never>((_resolve, reject) => {
      this.process.once('exit', (code, signal) => reject(new Error(`${script.pathname} exited (${signal ?? code})`)));
    });
    this.exited.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Sends one command and waits for its reply (one command at a time). */
  async ask<R extends Reply>(command: Command): Promise<R> {
    const reply = new Promise<R>((resolve) => this.process.once('message', (m) => resolve(m as R)));
    this.process.send(command as object);
    return Promise.race([reply, this.exited]);
  }

  stop(): void {
    this.process.removeAllListeners('exit');
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill();
  }
}
