/** The paging headers every list answers (src/common/paging.ts), as Swagger documents them. */
export const PAGE_HEADERS = {
  'X-Total-Count': { description: '符合条件的总条数', schema: { type: 'integer' } },
  'X-Page': { description: '当前页码（从 1 开始）', schema: { type: 'integer' } },
  'X-Page-Size': { description: '每页条数', schema: { type: 'integer' } },
};
