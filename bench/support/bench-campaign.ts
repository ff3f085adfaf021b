/** What the benchmarks share: an HTTP client that signs in once per user, and a campaign of N centers. */
import type { Db } from '../../src/database/db.js';
import { newId } from '../../src/common/ids.js';
import { OrganisationEntity, UserEntity } from '../../src/identity/identity.entities.js';
import { benchPasswordOf } from './bench-env.js';

export type Call = (user: string, method: string, path: string, body?: unknown) => Promise<unknown>;

/** Calls the API as a demo account or a `bench-…` center (signed in once), failing loudly on any answer ≥ 300. */
export function apiClient(base: string, secret: string): Call {
  const tokens = new Map<string, string>();
  return async (user, method, path, body) => {
    let token = tokens.get(user);
    if (!token) {
      const login = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: user, password: benchPasswordOf(user, secret) }),
      });
      token = ((await login.json()) as { accessToken: string }).accessToken;
      tokens.set(user, token);
    }
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
}

/** Takes a draft through 核稿, 签发 and 印发 as the demo staff and leader. */
export async function issue(call: Call, noticeId: string): Promise<void> {
  for (const [user, type] of [
    ['staff', 'SUBMIT_FOR_CHECK'],
    ['leader', 'APPROVE_CHECK'],
    ['leader', 'SIGN'],
    ['staff', 'ISSUE'],
  ]) {
    await call(user, 'POST', `/notices/${noticeId}/events`, { type });
  }
}

export interface BenchCenter {
  id: string;
  code: string;
  userId: string;
}

/** N QC centers written straight to the database; with `passwordHash`, one center account each. */
export async function seedCenters(db: Db, count: number, passwordHash?: string): Promise<BenchCenter[]> {
  const at = new Date().toISOString();
  const centers = Array.from({ length: count }, (_, i) => ({ id: newId(), code: `bench-${i}`, userId: newId() }));
  await db.tx(async (sql) => {
    for (let i = 0; i < centers.length; i += 500) {
      const chunk = centers.slice(i, i + 500);
      await sql.manager
        .getRepository(OrganisationEntity)
        .insert(
          chunk.map((c) => ({ id: c.id, code: c.code, name: `压测质控中心${c.code}`, kind: 'center' as const, email: null, docPrefix: null, createdAt: at })),
        );
      if (passwordHash) {
        await sql.manager.getRepository(UserEntity).insert(
          chunk.map((c) => ({
            id: c.userId,
            username: c.code,
            displayName: c.code,
            organisationId: c.id,
            roles: ['center' as const],
            passwordHash,
            createdAt: at,
          })),
        );
      }
    }
  });
  return centers;
}

/** A notice for goal 2022-01 (one lead, the rest partners), due tomorrow, issued: one assignment per center. */
export async function issueCampaign(call: Call, centers: BenchCenter[], title: string): Promise<string> {
  const notice = (await call('staff', 'POST', '/notices', {
    title,
    recipients: ['各市级医疗质量控制中心'],
    body: '压测',
    deadline: new Date(Date.now() + 86_400_000).toISOString(),
    mailbox: 'zhikong@wsjkw.tianjin.example',
    campaignYear: 2022,
  })) as { id: string };
  await call('staff', 'PUT', `/notices/${notice.id}/assignments`, [
    { organisationId: centers[0].id, goalCodes: ['2022-01'], role: 'lead' },
    ...centers.slice(1).map((c) => ({ organisationId: c.id, goalCodes: ['2022-01'], role: 'partner' })),
  ]);
  await issue(call, notice.id);
  return notice.id;
}
