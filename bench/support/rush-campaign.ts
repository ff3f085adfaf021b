/**
 * bench:rush's setup that reaches into src/ (accounts written straight to the database, sessions opened in
 * process, table reads): kept in this one file so a change to src/ touches the bench here only.
 */
import type { INestApplication } from '@nestjs/common';
import { Db } from '../../src/database/db.js';
import { hashPassword } from '../../src/identity/password.js';
import { SessionService } from '../../src/identity/session.service.js';
import { apiClient, issueCampaign, seedCenters } from './bench-campaign.js';

export interface Submitter {
  assignmentId: string;
  /** The access token of the center account that owns the assignment. */
  token: string;
}

export interface Campaign {
  noticeId: string;
  submitters: Submitter[];
}

/**
 * `max(sizes)` QC centers, each with one account (one password hash shared: setup speed, not under test),
 * then one issued notice per entry of `sizes`, addressed to the first `size` centers: one assignment each.
 */
export async function issueCampaigns(app: INestApplication, base: string, password: string, sizes: number[]): Promise<Campaign[]> {
  const db = app.get(Db);
  const sessions = app.get(SessionService);
  const centers = await seedCenters(db, Math.max(...sizes), await hashPassword(password));
  const call = apiClient(base, password);
  const campaigns: Campaign[] = [];
  for (const [n, size] of sizes.entries()) {
    const noticeId = await issueCampaign(call, centers.slice(0, size), `压测：2022年度策略表报送（${n + 1}）`);
    const rows = await db.read((sql) =>
      sql.many<{ id: string; organisation_id: string }>('SELECT id, organisation_id FROM assignments WHERE notice_id = $1', [noticeId]),
    );
    const byOrg = new Map(centers.map((c) => [c.id, c]));
    const submitters: Submitter[] = [];
    for (const r of rows) {
      const c = byOrg.get(r.organisation_id)!;
      submitters.push({ assignmentId: r.id, token: (await sessions.openForUser(c.userId)).accessToken });
    }
    campaigns.push({ noticeId, submitters });
  }
  return campaigns;
}

/** How many submitted versions the campaigns' assignments have frozen. */
export async function frozenVersions(app: INestApplication, campaigns: Campaign[]): Promise<number> {
  const db = app.get(Db);
  let total = 0;
  for (const { noticeId } of campaigns) {
    const row = await db.read((sql) => sql.one<{ n: string | number }>('SELECT COUNT(*) AS n FROM submission_versions WHERE notice_id = $1', [noticeId]));
    total += Number(row?.n ?? 0);
  }
  return total;
}
