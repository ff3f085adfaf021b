import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seedAssignmentInReview, seedIssuedReferenceNotice } from '../support/campaign.js';
import { completeTable } from '../factories/strategy-table.factory.js';
import { CONTACT_ROWS, GOAL_COLUMNS, binary, loadXlsx, utf8FileName } from '../support/strategy-sheet.js';
import { zipEntries, zipEntryData } from '../../src/spreadsheets/zip-directory.js';
import { OutboxRelay } from '../../src/mail/outbox-relay.service.js';
import { Db } from '../../src/database/db.js';

type Table = ReturnType<typeof completeTable>;

interface Manifest {
  notice: { docNumber: string };
  files: { path: string; size: number; sha256: string }[];
  versions: { center: { code: string }; version: number; late: boolean; tableSha256: string; folder: string }[];
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The PDFs the renderer keeps in the shared database, by the digest of their input. */
async function renditions(t: TestApp): Promise<{ key: string; kind: string }[]> {
  return t.app.get(Db).read((sql) => sql.many<{ key: string; kind: string }>('SELECT key, kind FROM renditions ORDER BY key'));
}

/** A PDF comment only the stored copies carry: a PDF rendered again would lack it. */
const STORED_MARK = Buffer.from('\n% kept by the first instance\n', 'latin1');

async function markStoredRenditions(t: TestApp): Promise<void> {
  await t.app.get(Db).read(async (sql) => {
    for (const row of await sql.many<{ key: string; content: Uint8Array }>('SELECT key, content FROM renditions')) {
      await sql.exec('UPDATE renditions SET content = $1 WHERE key = $2', [Buffer.concat([row.content, STORED_MARK]), row.key]);
    }
  });
}

/** What each leaf of a goal entry (and the contact) shows in the export: a list's items each appear in its cell. */
function expectedTexts(owner: Record<string, unknown>, key: string): string[] {
  const [property, field] = key.split('.');
  const own = owner[property];
  if (Array.isArray(own)) return own.map((item) => String(field ? (item as Record<string, unknown>)[field] : item));
  const value = field ? (own as Record<string, unknown> | undefined)?.[field] : own;
  return value === undefined ? [] : [String(value)];
}

/**
 * The round's exports for the issuing commission, over HTTP, after a spring
 * 2022 round in which one center submitted once, one was returned and
 * resubmitted, and one submitted late under an extension.
 */
describe("the round's exports: every latest table in one workbook, every version in one archive", () => {
  let t: TestApp;
  let noticeId: string;
  let docNumber: string;
  const ids = new Map<string, string>();
  const latest = new Map<string, Table>();

  async function as(username: string, assignment: string, body: Record<string, unknown>) {
    const res = await t.http
      .post(`/api/assignments/${ids.get(assignment)}/events`)
      .set(await t.login(username))
      .send(body);
    expect(res.status).toBe(200);
    return res;
  }

  beforeAll(async () => {
    t = await startTestApp('2022-04-20T10:00:00+08:00');
    const seeded = await seedIssuedReferenceNotice(t);
    noticeId = seeded.noticeId;
    for (const code of ['qc-cardio', 'qc-pharmacy', 'qc-neuro']) ids.set(code, await seeded.assignmentOf(code));
    docNumber = (await t.http.get(`/api/notices/${noticeId}`).set(await t.login('staff'))).body.docNumber as string;

    t.clock.set('2022-04-21T08:59:59+08:00');
    const cardio = completeTable(['2022-01']);
    await as('center-qc-cardio', 'qc-cardio', { type: 'ACKNOWLEDGE' });
    await as('center-qc-cardio', 'qc-cardio', { type: 'SUBMIT', table: cardio });
    latest.set('qc-cardio', cardio);

    t.clock.set('2022-04-22T15:30:00+08:00');
    const first = completeTable(['2022-04', '2022-09'], '天津市药事管理医疗质量控制中心');
    await seedAssignmentInReview(t, ids.get('qc-pharmacy')!, first);
    await as('reviewer', 'qc-pharmacy', { type: 'RETURN', reason: '请补充监测指标的定义' });
    t.clock.set('2022-04-26T11:05:07+08:00');
    const second = completeTable(['2022-04', '2022-09'], '天津市药事管理医疗质量控制中心');
    second.goals[1].indicators.push({ name: '静脉输液使用率', definition: '使用静脉输液的住院患者数 / 同期住院患者总数', frequency: '每季度' });
    (second.goals[0].partnerUnits as string[]) = ['天津市医院感染管理医疗质量控制中心'];
    await as('center-qc-pharmacy', 'qc-pharmacy', { type: 'SUBMIT', table: second });
    latest.set('qc-pharmacy', second);

    await as('center-qc-neuro', 'qc-neuro', { type: 'ACKNOWLEDGE' });
    await as('staff', 'qc-neuro', { type: 'EXTEND_DEADLINE', until: '2022-05-06T09:00:00+08:00', reason: '设备检修' });
    t.clock.set('2022-04-30T10:00:00+08:00');
    const neuro = completeTable(['2022-02'], '天津市神经内科医疗质量控制中心');
    await as('center-qc-neuro', 'qc-neuro', { type: 'SUBMIT', table: neuro });
    latest.set('qc-neuro', neuro);
    // The mailbox gets each submission with its table and receipt PDFs (and each center its receipt).
    await t.app.get(OutboxRelay).drain();
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives staff one workbook holding every submitted value of every center, a sheet per goal, with version, Beijing time, lateness and state', async () => {
    const res = await t.http
      .get(`/api/notices/${noticeId}/export.xlsx`)
      .set(await t.login('staff'))
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[ -~]+"; filename\*=UTF-8''/);
    expect(utf8FileName(res.headers['content-disposition'])).toBe(`${docNumber}-策略表汇总.xlsx`);
    const workbook = await loadXlsx(res.body as Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['汇总', ...Array.from({ length: 10 }, (_, i) => `目标2022-${String(i + 1).padStart(2, '0')}`)]);

    const rows = (sheet: ExcelJS.Worksheet) => {
      const header = (sheet.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
      const out: Record<string, string>[] = [];
      sheet.eachRow((row, n) => {
        if (n > 2) out.push(Object.fromEntries(header.map((h, c) => [h, String(row.getCell(c).value ?? '')]).filter(([h]) => h)));
      });
      return out;
    };
    const summary = rows(workbook.getWorksheet('汇总')!);
    expect(summary).toHaveLength(14);
    expect(summary.find((r) => r['单位代码'] === 'qc-pharmacy')).toMatchObject({
      承担目标: '2022-04（牵头）、2022-09（牵头）',
      状态: '已提交',
      已提交版本数: '2',
      最新版本: '2',
      '提交时间（北京时间）': '2022-04-26 11:05:07',
      逾期提交: '否',
    });
    expect(summary.find((r) => r['单位代码'] === 'qc-lab')).toMatchObject({ 状态: '待签收', 已提交版本数: '0', 最新版本: '' });

    for (const [code, table] of latest) {
      for (const goal of table.goals) {
        const sheetRows = rows(workbook.getWorksheet(`目标${goal.goalCode}`)!);
        const row = sheetRows.find((r) => r['单位代码'] === code)!;
        expect(row).toBeDefined();
        expect(row['目标']).toBe(goal.goalCode);
        for (const [key, title] of Object.entries(GOAL_COLUMNS)) {
          for (const text of expectedTexts(goal, key)) expect(row[title]).toContain(text);
        }
        for (const [key, title] of Object.entries(CONTACT_ROWS)) expect(row[title]).toBe(String(table.contact[key as keyof Table['contact']]));
      }
    }
    const cardio = rows(workbook.getWorksheet('目标2022-01')!);
    expect(cardio).toEqual([
      expect.objectContaining({ 单位代码: 'qc-cardio', 版本: '1', '提交时间（北京时间）': '2022-04-21 08:59:59', 逾期提交: '否', 状态: '已提交' }),
    ]);
    expect(rows(workbook.getWorksheet('目标2022-09')!)[0]).toMatchObject({
      单位代码: 'qc-pharmacy',
      版本: '2',
      监测指标: '1. 再灌注治疗率\n2. 静脉输液使用率',
    });
    expect(rows(workbook.getWorksheet('目标2022-02')!)).toEqual([
      expect.objectContaining({ 单位代码: 'qc-neuro', 分工: '牵头', 逾期提交: '是', '提交时间（北京时间）': '2022-04-30 10:00:00' }),
    ]);
    // A partner that has not submitted has no row; nobody submitted for goal 2022-05.
    expect(rows(workbook.getWorksheet('目标2022-05')!)).toEqual([]);
  });

  it('gives staff one archive of every version: table PDF, receipt PDF and JSON, each listed in the manifest with its sha256', async () => {
    // The relay rendered each version's table and receipt as it mailed them: the archive reads those, renders none again.
    const rendered = await renditions(t);
    expect(rendered.filter((r) => r.kind === 'table')).toHaveLength(4);
    expect(rendered.filter((r) => r.kind === 'receipt')).toHaveLength(4);
    const res = await t.http
      .get(`/api/notices/${noticeId}/export.zip`)
      .set(await t.login('staff'))
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(utf8FileName(res.headers['content-disposition'])).toBe(`${docNumber}-策略表全部版本.zip`);
    const zip = res.body as Buffer;
    const entries = zipEntries(zip)!;
    expect(entries).not.toBeNull();
    const manifestEntry = entries.find((e) => e.name === 'manifest.json')!;
    const manifest = JSON.parse(zipEntryData(zip, manifestEntry).toString('utf8')) as Manifest;
    expect(manifest.notice.docNumber).toBe(docNumber);
    // Four versions (cardio 1, pharmacy 2, neuro 1), three files each, every one listed and nothing else.
    expect(manifest.files).toHaveLength(12);
    expect(entries.map((e) => e.name).sort()).toEqual([...manifest.files.map((f) => f.path), 'manifest.json'].sort());
    for (const file of manifest.files) {
      const entry = entries.find((e) => e.name === file.path)!;
      const data = zipEntryData(zip, entry);
      expect({ path: file.path, size: data.length, sha256: sha256(data), crc: crc32(data) >>> 0 }).toEqual({
        path: file.path,
        size: file.size,
        sha256: file.sha256,
        crc: entry.crc32,
      });
      // Chinese names travel as UTF-8, flagged so.
      expect(entry.flags & 0x800).toBe(0x800);
      if (file.path.endsWith('.pdf')) expect(data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
    const pharmacyFolder = 'qc-pharmacy-天津市药事管理医疗质量控制中心';
    expect(manifest.files.map((f) => f.path).filter((p) => p.startsWith(`${pharmacyFolder}/v2/`))).toEqual([
      `${pharmacyFolder}/v2/策略表-第2版.pdf`,
      expect.stringMatching(new RegExp(`^${pharmacyFolder}/v2/回执-R2022-\\d{3}-\\d{4}\\.pdf$`)),
      `${pharmacyFolder}/v2/策略表-第2版.json`,
    ]);
    // Each version's JSON is the frozen table: its digest is the one on the receipt.
    for (const [code, table] of latest) {
      const detail = await t.http.get(`/api/assignments/${ids.get(code)}`).set(await t.login('staff'));
      const versions = detail.body.versions as { version: number; sha256: string; late: boolean }[];
      for (const v of versions) {
        const listed = manifest.versions.find((m) => m.center.code === code && m.version === v.version)!;
        expect(listed).toMatchObject({ tableSha256: v.sha256, late: v.late });
        const json = manifest.files.find((f) => f.path === `${listed.folder}/策略表-第${v.version}版.json`)!;
        expect(json.sha256).toBe(v.sha256);
      }
      const newest = zipEntryData(
        zip,
        entries.find((e) => e.name.startsWith(`${code}-`) && e.name.endsWith(`第${versions.length}版.json`))!,
      );
      expect(JSON.parse(newest.toString('utf8'))).toEqual(table);
    }
    expect(manifest.versions.find((m) => m.center.code === 'qc-neuro')!.late).toBe(true);
    expect(await renditions(t)).toEqual(rendered);
  });

  it('refuses the exports to a center (403) and to anyone for a notice they cannot see (404)', async () => {
    for (const path of ['export.xlsx', 'export.zip']) {
      const center = await t.http.get(`/api/notices/${noticeId}/${path}`).set(await t.login('center-qc-cardio'));
      expect(center.status).toBe(403);
      expect(center.headers['content-type']).toContain('application/problem+json');
      expect(center.body).toMatchObject({ code: 'FORBIDDEN', detail: '只有发文机关的工作人员可以导出全部策略表' });
      const unknown = await t.http.get(`/api/notices/00000000-0000-0000-0000-000000000000/${path}`).set(await t.login('staff'));
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('NOT_FOUND');
    }
  });

  it('lets a second instance on the same database, with its own DATA_DIR, serve the PDFs the first rendered without rendering them again', async () => {
    const stored = await renditions(t);
    const cardio = `/api/assignments/${ids.get('qc-cardio')}/versions/1`;
    const first = await t.http
      .get(`${cardio}/receipt.pdf`)
      .set(await t.login('staff'))
      .buffer(true)
      .parse(binary);
    expect(first.status).toBe(200);
    await markStoredRenditions(t);
    // Another instance: its own DATA_DIR (on SQLite the database file stays the first's).
    const dataDir = mkdtempSync(join(tmpdir(), 'gongwen-second-'));
    const b = await startTestApp('2022-04-30T11:00:00+08:00', { SQLITE_PATH: join(t.dataDir, 'gongwen.sqlite') }, { dataDir, schema: t.schema });
    try {
      for (const kind of ['receipt', 'table']) {
        const res = await b.http
          .get(`${cardio}/${kind}.pdf`)
          .set(await b.login('staff'))
          .buffer(true)
          .parse(binary);
        expect(res.status).toBe(200);
        expect((res.body as Buffer).subarray(-STORED_MARK.length)).toEqual(STORED_MARK);
        if (kind === 'receipt') expect(res.body).toEqual(Buffer.concat([first.body as Buffer, STORED_MARK]));
      }
      const archive = await b.http
        .get(`/api/notices/${noticeId}/export.zip`)
        .set(await b.login('staff'))
        .buffer(true)
        .parse(binary);
      expect(archive.status).toBe(200);
      const zip = archive.body as Buffer;
      const pdfs = zipEntries(zip)!.filter((e) => e.name.endsWith('.pdf'));
      expect(pdfs).toHaveLength(8);
      for (const entry of pdfs) expect(zipEntryData(zip, entry).subarray(-STORED_MARK.length)).toEqual(STORED_MARK);
      expect(await renditions(b)).toEqual(stored);
    } finally {
      await b.close({ keepData: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
