import type { Page } from '../../web/node_modules/playwright-core/index.js';

/** Every required field of a center's first goal and the contact, as a clerk types them in the strategy-table form. */
export async function fillStrategyTable(page: Page): Promise<void> {
  await page.fill('#f-goals-0-baseline-value', '2021年全市再灌注治疗率为 52.3%');
  await page.fill('#f-goals-0-baseline-dataSource', '国家医疗质量管理与控制信息网（NCIS）');
  await page.fill('#f-goals-0-target-value', '提高至 60% 以上');
  // Dates are typed as the picker shows them (2022年12月31日) and taken with Enter.
  await page.fill('#f-goals-0-target-date', '2022年12月31日');
  await page.press('#f-goals-0-target-date', 'Enter');
  await page.fill('#f-goals-0-coreStrategies-0', '建立区域协同救治网络，缩短首次医疗接触至再灌注时间');
  await page.fill('#f-goals-0-measures-0-measure', '开展全市胸痛中心质控培训');
  await page.fill('#f-goals-0-measures-0-milestone', '2022年6月30日');
  await page.press('#f-goals-0-measures-0-milestone', 'Enter');
  await page.fill('#f-goals-0-measures-0-responsible', '张明');
  await page.fill('#f-goals-0-indicators-0-name', 'STEMI 患者再灌注治疗率');
  await page.fill('#f-contact-name', '李华');
  await page.fill('#f-contact-phone', '022-23337788');
}
