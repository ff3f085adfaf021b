import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { chainDigest, GENESIS_DIGEST, type ChainedContent } from '../common/audit-chain.js';
import { Clock } from '../common/clock.js';
import { canonicalJson } from '../common/ids.js';
import { PollingLoop } from '../common/polling-loop.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Db, type Sql } from '../database/db.js';

/** What can be wrong with the chain, at the first row where it shows. */
export const CHAIN_PROBLEMS = ['content', 'link', 'missing', 'order', 'unchained', 'forged', 'truncated', 'anchor'] as const;
export type ChainProblem = (typeof CHAIN_PROBLEMS)[number];

/** A signed checkpoint of the chain's head, one JSON line of the anchor file. */
export interface Anchor {
  at: string;
  lastId: number;
  seq: number;
  count: number;
  headDigest: string;
  signature: string;
}

export interface ChainBreak {
  /** The row where the chain first fails (for a truncation: the anchored row that is gone); null when no row can be named. */
  id: number | null;
  /** The sequence number expected there. */
  seq: number | null;
  problem: ChainProblem;
  detail: string;
}

export interface ChainReport {
  ok: boolean;
  /** Rows walked in order before the first break (all of them when ok). */
  count: number;
  lastId: number | null;
  headDigest: string;
  /** The latest checkpoint with a valid signature the chain was compared with. */
  anchor: Omit<Anchor, 'signature'> | null;
  /** Lines of the anchor file that were not valid checkpoints (bad signature or unreadable): ignored. */
  ignoredAnchors: number;
  firstBroken: ChainBreak | null;
}

type StoredRow = Omit<ChainedContent, 'chain_seq' | 'prev_digest'> & {
  id: number | string;
  chain_seq: number | string | null;
  prev_digest: string | null;
  digest: string | null;
};

const PAGE = 1000;
const ROWS = `SELECT id, at, actor_id, actor_org_id, entity, entity_id, event, kind, from_state, to_state, payload_digest, detail,
  chain_seq, prev_digest, digest FROM audit_log WHERE id > $1 ORDER BY id LIMIT ${PAGE}`;
const HEAD = 'SELECT seq, digest FROM audit_chain WHERE id = 1';
const ROW_OF_SEQ = 'SELECT id FROM audit_log WHERE chain_seq = $1';
const LAST_ROW = 'SELECT id FROM audit_log WHERE chain_seq = $1';

/**
 * Walks the audit chain in id order and checks each link; keeps the chain's
 * head anchored outside the database: a signed checkpoint (HMAC-SHA256)
 * appended to a JSON-lines file under DATA_DIR at each successful verification
 * and every AUDIT_ANCHOR_INTERVAL_MS when the head moved. A chain shorter than
 * its latest checkpoint, or different at the checkpoint's row, was cut or rewritten.
 */
@Injectable()
export class AuditVerifier implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('AuditAnchor');
  private readonly loop = new PollingLoop(
    () => this.anchorHead(),
    (error) => this.log.error(`checkpoint failed: ${String(error)}`),
  );
  private lastAnchoredSeq = -1;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.loop.start(this.config.audit.anchorIntervalMs);
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Walks the chain; when it is whole, writes a checkpoint of its head. */
  async verify(): Promise<ChainReport> {
    const { anchor, ignored } = this.latestAnchor();
    const report = await this.db.tx(async (sql) => {
      // One snapshot for the head and every row: appends committed during the walk are not half seen.
      if (sql.dialect === 'postgres') await sql.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      return this.walk(sql, anchor);
    });
    const full: ChainReport = { ...report, anchor: anchor ? withoutSignature(anchor) : null, ignoredAnchors: ignored };
    if (full.ok && full.lastId !== null && (!anchor || anchor.seq !== full.count)) {
      this.writeAnchor({ at: this.clock.now().toISOString(), lastId: full.lastId, seq: full.count, count: full.count, headDigest: full.headDigest });
    }
    return full;
  }

  private async walk(sql: Sql, anchor: Anchor | null): Promise<Omit<ChainReport, 'anchor' | 'ignoredAnchors'>> {
    const headRow = await sql.one<{ seq: number | string; digest: string }>(HEAD);
    const head = { seq: Number(headRow?.seq ?? 0), digest: headRow?.digest ?? GENESIS_DIGEST };
    let expected = 1;
    let prev = GENESIS_DIGEST;
    let lastId: number | null = null;
    const broken = (b: ChainBreak) => ({ ok: false, count: expected - 1, lastId, headDigest: prev, firstBroken: b });
    for (let after = 0; ;) {
      const rows = await sql.many<StoredRow>(ROWS, [after]);
      for (const row of rows) {
        const problem = await this.checkRow(sql, row, { expected, prev, head, anchor });
        if (problem) return broken(problem);
        prev = row.digest!;
        lastId = Number(row.id);
        expected += 1;
      }
      if (rows.length < PAGE) break;
      after = Number(rows[rows.length - 1].id);
    }
    const count = expected - 1;
    if (anchor && anchor.seq > count) {
      return broken({
        id: anchor.lastId,
        seq: count + 1,
        problem: 'truncated',
        detail: `链只有 ${count} 条记录，而 ${anchor.at} 的校验点记有 ${anchor.seq} 条（至第 ${anchor.lastId} 行）：最新的记录被删除`,
      });
    }
    if (head.seq !== count || head.digest !== prev) {
      return broken({ id: null, seq: count + 1, problem: 'truncated', detail: `链头记有 ${head.seq} 条记录，表中只有 ${count} 条相连：最新的记录被删除` });
    }
    return { ok: true, count, lastId, headDigest: prev, firstBroken: null };
  }

  /** The first thing wrong with one row at its place in the walk, or null. */
  private async checkRow(
    sql: Sql,
    row: StoredRow,
    at: { expected: number; prev: string; head: { seq: number }; anchor: Anchor | null },
  ): Promise<ChainBreak | null> {
    const { expected, prev, head, anchor } = at;
    const id = Number(row.id);
    if (row.chain_seq === null || row.prev_digest === null || row.digest === null) {
      return { id, seq: expected, problem: 'unchained', detail: `第 ${id} 行没有链序号或摘要：不是经由系统写入的` };
    }
    const seq = Number(row.chain_seq);
    if (seq < expected) {
      return { id, seq: expected, problem: 'order', detail: `第 ${id} 行的链序号为 ${seq}，应为 ${expected}：记录顺序被改动或重复` };
    }
    if (seq > expected) {
      const elsewhere = await sql.one<{ id: number | string }>(ROW_OF_SEQ, [expected]);
      if (elsewhere) {
        return {
          id,
          seq: expected,
          problem: 'order',
          detail: `第 ${id} 行的链序号为 ${seq}，而第 ${expected} 条记录在第 ${Number(elsewhere.id)} 行：记录顺序被改动`,
        };
      }
      return { id, seq: expected, problem: 'missing', detail: `第 ${id} 行之前缺少链上第 ${expected} 条记录：记录被删除` };
    }
    const content: ChainedContent = { ...row, chain_seq: seq, prev_digest: row.prev_digest };
    if (chainDigest(content) !== row.digest) {
      return { id, seq, problem: 'content', detail: `第 ${id} 行的内容与其摘要不符：记录被修改` };
    }
    if (row.prev_digest !== prev) {
      return { id, seq, problem: 'link', detail: `第 ${id} 行记下的前一条摘要与前一条记录不符：链接断开` };
    }
    if (seq > head.seq) {
      return { id, seq, problem: 'forged', detail: `第 ${id} 行（链序号 ${seq}）在链头（第 ${head.seq} 条）之后：不是经由系统写入的` };
    }
    if (anchor && seq === anchor.seq && row.digest !== anchor.headDigest) {
      return { id, seq, problem: 'anchor', detail: `第 ${id} 行（链序号 ${seq}）的摘要与 ${anchor.at} 的校验点不符：链被重写` };
    }
    return null;
  }

  /** The timer's pass: a checkpoint of the head as the database holds it, when it moved since the last one. */
  private async anchorHead(): Promise<void> {
    const head = await this.db.read(async (sql) => {
      const h = await sql.one<{ seq: number | string; digest: string }>(HEAD);
      if (!h || Number(h.seq) === 0) return null;
      const last = await sql.one<{ id: number | string }>(LAST_ROW, [Number(h.seq)]);
      return last ? { seq: Number(h.seq), digest: h.digest, lastId: Number(last.id) } : null;
    });
    if (!head || head.seq === this.lastAnchoredSeq) return;
    this.writeAnchor({ at: this.clock.now().toISOString(), lastId: head.lastId, seq: head.seq, count: head.seq, headDigest: head.digest });
  }

  private sign(content: Omit<Anchor, 'signature'>): string {
    return createHmac('sha256', this.config.audit.anchorSecret)
      .update(canonicalJson(withoutSignature(content)))
      .digest('hex');
  }

  private writeAnchor(content: Omit<Anchor, 'signature'>): void {
    const file = this.config.audit.anchorFile;
    mkdirSync(dirname(file), { recursive: true });
    const anchor: Anchor = { ...content, signature: this.sign(content) };
    appendFileSync(file, `${JSON.stringify(anchor)}\n`, { flag: 'a' });
    this.lastAnchoredSeq = anchor.seq;
  }

  /** The checkpoint with the highest sequence among those correctly signed; the others are counted, not trusted. */
  latestAnchor(): { anchor: Anchor | null; ignored: number } {
    const file = this.config.audit.anchorFile;
    if (!existsSync(file)) return { anchor: null, ignored: 0 };
    let anchor: Anchor | null = null;
    let ignored = 0;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const parsed = parseAnchor(line);
      if (!parsed || !sameHex(parsed.signature, this.sign(parsed))) {
        ignored += 1;
        continue;
      }
      if (!anchor || parsed.seq >= anchor.seq) anchor = parsed;
    }
    return { anchor, ignored };
  }
}

function withoutSignature(a: Omit<Anchor, 'signature'> & { signature?: string }): Omit<Anchor, 'signature'> {
  return { at: a.at, lastId: a.lastId, seq: a.seq, count: a.count, headDigest: a.headDigest };
}

function parseAnchor(line: string): Anchor | null {
  try {
    const a = JSON.parse(line) as Partial<Anchor>;
    const ints = [a.lastId, a.seq, a.count].every((n) => Number.isSafeInteger(n) && (n as number) >= 0);
    const texts = [a.at, a.headDigest, a.signature].every((t) => typeof t === 'string');
    return ints && texts ? (a as Anchor) : null;
  } catch {
    return null;
  }
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
