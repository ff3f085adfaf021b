import { createApp } from '../src/bootstrap.js';
import { ConfigError, loadConfig } from '../src/config/app-config.js';
import { AuditVerifier } from '../src/audit/audit-verifier.service.js';

/**
 * `npm run audit:verify`: walks the audit chain with the app's configuration (the same env as the
 * server: DATABASE_URL, DATA_DIR, AUTH_SECRET/AUDIT_ANCHOR_SECRET), prints the outcome, exits 1 when broken.
 * The relay, the scheduler and the checkpoint timer do not run; a whole chain gets a new checkpoint.
 */
async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig({ ...process.env, OUTBOX_POLL_MS: '0', SCHEDULER_POLL_MS: '0', AUDIT_ANCHOR_INTERVAL_MS: '0' });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration error: ${error.message} (see .env.example)`);
      return 2;
    }
    throw error;
  }
  if (config.authSecretGenerated && !process.env.AUDIT_ANCHOR_SECRET) {
    console.warn('AUTH_SECRET 与 AUDIT_ANCHOR_SECRET 均未设置：校验点以临时密钥签名，下次核验时不被采信');
  }
  const app = await createApp({ config, logger: false });
  try {
    const report = await app.get(AuditVerifier).verify();
    if (report.ok) {
      console.log(`审计日志完整：${report.count} 条记录，链头摘要 ${report.headDigest}`);
      if (report.anchor) console.log(`最新校验点：${report.anchor.at}（${report.anchor.count} 条）`);
      else console.log(report.count > 0 ? '此前没有校验点，本次已写入' : '链为空，未写校验点');
    } else {
      const b = report.firstBroken!;
      console.log(`审计日志已被改动：${b.detail}`);
      console.log(`问题：${b.problem}，行编号：${b.id ?? '—'}，此前核验通过 ${report.count} 条`);
    }
    if (report.ignoredAnchors > 0) console.log(`校验点文件中有 ${report.ignoredAnchors} 行签名无效，已忽略`);
    console.log(JSON.stringify(report));
    return report.ok ? 0 : 1;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
