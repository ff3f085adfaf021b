/**
 * bench:pdf — receipts (回执) rendered one after another in one process, as
 * the outbox relay does: 10 warm-ups (the first parses the fonts), then 200
 * receipts for the 14 reference centers with differing numbers, goals and
 * digests, so each embeds its own font subset. Prints receipts/s, the median
 * and p95 render time, KB per receipt, and the goal (≤ 20 ms median, ≤ 80 KB).
 * Then, for scale, the median of the strategy table and the notice.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { templatePath } from '../src/common/project-paths.js';
import type { ReceiptData, TableColumn, TableData } from '../src/documents/document-data.js';
import { PdfRenderer } from '../src/documents/pdf-renderer.js';
import { referenceNotice } from '../test/documents/document-fixtures.js';

const WARMUPS = 10;
const RECEIPTS = Number(process.env.BENCH_RECEIPTS ?? 200);
const GOAL_MEDIAN_MS = 20;
const GOAL_KB = 80;

const reference = JSON.parse(readFileSync(templatePath('reference', 'tianjin-2022.json'), 'utf8')) as {
  commission: { name: string };
  organisations: { name: string; kind: string }[];
  notice: { title: string; recipients: string[]; body: string; attachments: { no: number; title: string }[] };
};
const goals = (JSON.parse(readFileSync(templatePath('goals', '2022.json'), 'utf8')) as { goals: { code: string; title: string }[] }).goals;
const schema = JSON.parse(readFileSync(templatePath('strategy-table', '2022.schema.json'), 'utf8')) as { title: string; 'x-columns': TableColumn[] };
const centers = reference.organisations.filter((o) => o.kind === 'center').map((o) => o.name);

function receipt(i: number): ReceiptData {
  const submittedAt = new Date(Date.UTC(2022, 3, 28, 0, 0, 0) + i * 379_000);
  const deadline = new Date('2022-04-29T01:00:00Z');
  return {
    receiptNo: `R2022-012-${String(i + 1).padStart(4, '0')}`,
    noticeDocNumber: '津卫医政〔2022〕12号',
    noticeTitle: reference.notice.title,
    centerName: centers[i % centers.length],
    goals: [goals[i % goals.length], goals[(i * 7 + 3) % goals.length]].map((g) => ({ code: g.code, title: g.title })),
    version: 1 + (i % 3),
    submittedAt: submittedAt.toISOString(),
    timeZone: 'Asia/Shanghai',
    late: submittedAt >= deadline,
    sha256: createHash('sha256').update(`table-${i}`).digest('hex'),
    deadline: deadline.toISOString(),
  };
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function timed(render: () => Promise<Uint8Array>): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const pdf = await render();
  return { ms: performance.now() - start, bytes: pdf.length };
}

async function main(): Promise<void> {
  const renderer = new PdfRenderer();
  const cold = await timed(() => renderer.renderReceipt(receipt(0)));
  for (let i = 1; i < WARMUPS; i++) await renderer.renderReceipt(receipt(i));

  const runs: { ms: number; bytes: number }[] = [];
  const wall = performance.now();
  for (let i = 0; i < RECEIPTS; i++) runs.push(await timed(() => renderer.renderReceipt(receipt(WARMUPS + i))));
  const seconds = (performance.now() - wall) / 1000;

  const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
  const kb = runs.map((r) => r.bytes / 1024);
  const medianMs = median(ms);
  const meanKb = kb.reduce((a, b) => a + b, 0) / kb.length;
  const maxKb = Math.max(...kb);
  console.log(`bench:pdf — ${RECEIPTS} receipts after ${WARMUPS} warm-ups (first, with font loading: ${cold.ms.toFixed(0)} ms)`);
  console.log(`  receipts/s      ${(RECEIPTS / seconds).toFixed(1)}`);
  console.log(`  median          ${medianMs.toFixed(2)} ms   p95 ${pct(ms, 95).toFixed(2)} ms   max ${ms[ms.length - 1].toFixed(2)} ms`);
  console.log(`  size            ${meanKb.toFixed(1)} KB mean   ${maxKb.toFixed(1)} KB max`);
  const ok = medianMs <= GOAL_MEDIAN_MS && maxKb <= GOAL_KB;
  console.log(`  goal            ≤ ${GOAL_MEDIAN_MS} ms median, ≤ ${GOAL_KB} KB: ${ok ? 'met' : 'NOT met'}`);

  const table: TableData = {
    templateTitle: schema.title,
    columns: schema['x-columns'],
    centerName: centers[0],
    noticeDocNumber: '津卫医政〔2022〕12号',
    version: 1,
    submittedAt: '2022-04-28T07:30:00Z',
    timeZone: 'Asia/Shanghai',
    goalTitles: Object.fromEntries(goals.map((g) => [g.code, g.title])),
    table: {
      goals: goals.slice(0, 3).map((g) => ({
        goalCode: g.code,
        leadCenter: centers[0],
        partnerUnits: centers.slice(1, 3),
        baseline: { value: '2021年全市三级医院为62.4%，二级医院为48.7%。', dataSource: '国家医疗质量管理与控制信息网（NCIS）', asOf: '2021-12-31' },
        target: { value: '三级医院≥70%，二级医院≥60%。', date: '2022-12-31' },
        coreStrategies: ['建立区域协同救治网络，明确各级医院职责。', '开展质控培训与督导，每季度通报一次。'],
        measures: Array.from({ length: 5 }, (_, k) => ({
          measure: `第${k + 1}项措施：按月收集、分析、反馈各医院数据，形成质控简报。`,
          milestone: `2022-0${5 + k}-30`,
          responsible: '张伟',
        })),
        indicators: [{ name: '再灌注治疗率', definition: '接受再灌注治疗的患者数 / 同期患者总数 × 100%', frequency: '每月' }],
      })),
      contact: { name: '王芳', phone: '022-23456789' },
    },
  };
  const notice = referenceNotice();
  for (const [name, render] of [
    ['strategy table (3 goals)', () => renderer.renderTable(table)],
    ['notice (GB/T 9704)', () => renderer.renderNotice(notice)],
  ] as const) {
    const samples: { ms: number; bytes: number }[] = [];
    for (let i = 0; i < 25; i++) samples.push(await timed(render));
    const rest = samples.slice(5);
    console.log(`  ${name.padEnd(26)} ${median(rest.map((s) => s.ms)).toFixed(2)} ms median, ${(rest[0].bytes / 1024).toFixed(1)} KB`);
  }
}

await main();
