/** A complete strategy table for the given goals, as a center would fill it in. */
export function completeTable(goalCodes: string[], center = '天津市心血管内科医疗质量控制中心') {
  return {
    goals: goalCodes.map((goalCode) => ({
      goalCode,
      leadCenter: center,
      partnerUnits: [],
      baseline: { value: '2021年全市再灌注治疗率 62.4%', dataSource: '国家医疗质量管理与控制信息网（NCIS）', asOf: '2021-12-31' },
      target: { value: '≥ 70%', date: '2022-12-31' },
      coreStrategies: ['建立区域协同救治网络', '开展质控培训与督导'],
      measures: [
        { measure: '每季度开展一次全市质控培训', milestone: '2022-06-30', responsible: '张伟' },
        { measure: '按月收集、分析、反馈各医院数据', milestone: '2022-12-31', responsible: '李娜' },
      ],
      indicators: [{ name: '再灌注治疗率', definition: '接受再灌注治疗的患者数 / 同期患者总数', frequency: '每月' }],
    })),
    contact: { name: '王芳', phone: '022-23456789', email: 'contact@qc.tianjin.example' },
  };
}

/** A draft a center saved half-way: no contact, a goal without measures. */
export function incompleteTable(goalCode: string) {
  return { goals: [{ goalCode, leadCenter: '天津市心血管内科医疗质量控制中心', partnerUnits: [] }] };
}
