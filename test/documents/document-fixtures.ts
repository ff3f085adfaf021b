import { readFileSync } from 'node:fs';
import { templatePath } from '../../src/common/project-paths.js';
import type { DivisionDocumentData, NoticeDocumentData, ReceiptData, TableColumn, TableData } from '../../src/documents/document-data.js';

/** The reference campaign (../shared/domain.md) as the PDF renderer receives it. */

const reference = JSON.parse(readFileSync(templatePath('reference', 'tianjin-2022.json'), 'utf8')) as {
  commission: { name: string };
  organisations: { code: string; name: string }[];
  division: { goalCode: string; lead: string; partners: string[] }[];
  notice: { title: string; recipients: string[]; body: string; attachments: { no: number; title: string }[] };
};
const schema = JSON.parse(readFileSync(templatePath('strategy-table', '2022.schema.json'), 'utf8')) as {
  title: string;
  'x-columns': TableColumn[];
};
const catalogue = JSON.parse(readFileSync(templatePath('goals', '2022.json'), 'utf8')) as { goals: { code: string; title: string }[] };

export const goalTitles: Record<string, string> = Object.fromEntries(catalogue.goals.map((g) => [g.code, g.title]));

/** The cardiology center's table sent one second before the 09:00 deadline. */
export function onTimeReceipt(): ReceiptData {
  return {
    receiptNo: 'R2022-012-0001',
    noticeDocNumber: '津卫医政〔2022〕12号',
    noticeTitle: reference.notice.title,
    centerName: '天津市心血管内科医疗质量控制中心',
    goals: [{ code: '2022-01', title: goalTitles['2022-01'] }],
    version: 1,
    submittedAt: '2022-04-29T00:59:59Z',
    timeZone: 'Asia/Shanghai',
    late: false,
    sha256: '9f2c4e1a7b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8',
    deadline: '2022-04-29T01:00:00Z',
  };
}

/** The pharmacy center's second version, sent at 09:00:00: late. */
export function lateReceipt(): ReceiptData {
  return {
    ...onTimeReceipt(),
    receiptNo: 'R2022-012-0007',
    centerName: '天津市药事管理医疗质量控制中心',
    goals: [
      { code: '2022-04', title: goalTitles['2022-04'] },
      { code: '2022-09', title: goalTitles['2022-09'] },
    ],
    version: 2,
    submittedAt: '2022-04-29T01:00:00Z',
    late: true,
  };
}

export function referenceNotice(): NoticeDocumentData {
  return {
    issuerName: reference.commission.name,
    docNumber: '津卫医政〔2022〕12号',
    title: reference.notice.title,
    recipients: reference.notice.recipients,
    body: reference.notice.body,
    attachments: reference.notice.attachments,
    signedAt: '2022-04-18T02:00:00Z',
    timeZone: 'Asia/Shanghai',
  };
}

/** 附件2 of the reference notice: the ten goals with their lead and partner centers. */
export function referenceDivision(): DivisionDocumentData {
  const name = (code: string) => reference.organisations.find((o) => o.code === code)?.name ?? code;
  return {
    label: '附件2',
    title: reference.notice.attachments[1].title,
    issuerName: reference.commission.name,
    docNumber: '津卫医政〔2022〕12号',
    date: '2022-04-18T02:00:00Z',
    goals: reference.division.map((d) => ({ code: d.goalCode, title: goalTitles[d.goalCode], leads: [name(d.lead)], partners: d.partners.map(name) })),
  };
}

/**
 * Long cells full of punctuation, so that breaks fall next to closing marks,
 * and enough goals and measures to run over several pages.
 */
function richGoal(goalCode: string, n: number): Record<string, unknown> {
  return {
    goalCode,
    leadCenter: '天津市药事管理医疗质量控制中心',
    partnerUnits: ['天津市医院感染管理医疗质量控制中心', '天津市临床检验医疗质量控制中心'],
    baseline: {
      value: `2021年全市三级医院为${60 + n}.4%，二级医院为${48 + n}.7%（抽样${n + 12}家医院，共${1200 + n * 37}例）。`,
      dataSource: '国家医疗质量管理与控制信息网（NCIS）、天津市医疗质量控制平台',
      asOf: '2021-12-31',
    },
    target: { value: `三级医院≥${70 + n}%，二级医院≥${60 + n}%；年底前较基线提高10个百分点。`, date: '2022-12-31' },
    coreStrategies: [
      '建立“院—科—组”三级管理体系，明确职责；将送检率纳入院级考核。',
      '完善信息化提醒：医生开具抗菌药物时，系统自动提示送检，未送检者需说明理由。',
      '开展专项培训和督导检查，每季度通报一次，对落后医院约谈、限期整改。',
    ],
    measures: [
      { measure: '制定《抗菌药物治疗前病原学送检工作方案》，明确送检指征、标本类型、送检时机。', milestone: '2022-05-31', responsible: '张伟' },
      { measure: '每月收集、汇总、分析各医院送检数据，形成质控简报，反馈至医院和区卫生健康委。', milestone: '2022-06-30', responsible: '李娜' },
      { measure: '组织全市微生物标本采集与运送培训（线上、线下结合），覆盖全部二级以上医院。', milestone: '2022-07-31', responsible: '王芳' },
      { measure: '对送检率低于基线的医院开展现场督导，提出整改意见，并跟踪整改落实情况。', milestone: '2022-09-30', responsible: '赵磊' },
      { measure: '年终总结评估，遴选优秀案例，在全市推广；对改进效果不佳者，分析原因、调整策略。', milestone: '2022-12-31', responsible: '刘洋' },
    ],
    indicators: [
      { name: '住院患者抗菌药物治疗前病原学送检率', definition: '治疗前送检例数 / 同期使用抗菌药物治疗例数 × 100%', frequency: '每月' },
      { name: '限制使用级抗菌药物治疗前送检率', definition: '送检例数 / 同期使用例数 × 100%', frequency: '每季度' },
    ],
  };
}

/** Several goals with long cells: runs over three pages or more. */
export function multiPageTable(): TableData {
  const codes = ['2022-04', '2022-05', '2022-07', '2022-09'];
  return {
    templateTitle: schema.title,
    columns: schema['x-columns'],
    centerName: '天津市药事管理医疗质量控制中心',
    noticeDocNumber: '津卫医政〔2022〕12号',
    version: 2,
    submittedAt: '2022-04-28T07:30:00Z',
    timeZone: 'Asia/Shanghai',
    goalTitles,
    table: {
      goals: codes.map((code, i) => richGoal(code, i)),
      contact: { name: '王芳', phone: '022-23456789', email: 'pharmacy@qc.tianjin.example' },
    },
  };
}

/** One goal with 24 measures: taller than a page, so the row itself continues on the next page. */
export function oversizedGoalTable(): TableData {
  const goal = richGoal('2022-06', 0);
  goal.measures = Array.from({ length: 24 }, (_, i) => ({
    measure: `措施${i + 1}：组织第${i + 1}轮感染性休克集束化治疗专项培训，覆盖全部二级以上医院的急诊科、重症医学科。`,
    milestone: `2022-${String(5 + Math.floor(i / 4)).padStart(2, '0')}-${String(1 + (i % 4) * 7).padStart(2, '0')}`,
    responsible: ['张伟', '李娜', '王芳', '赵磊', '刘洋', '陈静'][i % 6],
  }));
  return { ...multiPageTable(), centerName: '天津市重症医学医疗质量控制中心', table: { ...multiPageTable().table, goals: [goal] } };
}
