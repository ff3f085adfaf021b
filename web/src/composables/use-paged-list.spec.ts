import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope, type EffectScope } from 'vue';
import { usePagedList, type PageQuery } from './use-paged-list';

// The load pattern of every paged list: what it asks the server for, and which answer it shows.
interface Notice {
  title: string;
}
type Answer = { items: Notice[]; total: number };
type Search = { q: string };

/** A request the test answers when it chooses, to play answers out of order. */
interface Pending {
  query: PageQuery;
  filter: Search;
  answer: (titles: string[], total?: number) => Promise<void>;
  fail: (error: Error) => Promise<void>;
}

let scope: EffectScope | undefined;
afterEach(() => scope?.stop());

function list(options: { immediate?: boolean } = {}) {
  const requests: Pending[] = [];
  const fetchPage = vi.fn(
    (query: PageQuery, filter: Search) =>
      new Promise<Answer>((resolve, reject) => {
        requests.push({
          query,
          filter,
          answer: async (titles, total = 45) => {
            resolve({ items: titles.map((title) => ({ title })), total });
            await flushPromises();
          },
          fail: async (error) => {
            reject(error);
            await flushPromises();
          },
        });
      }),
  );
  scope = effectScope();
  const paged = scope.run(() => usePagedList(fetchPage, { pageSize: 20, filter: { q: '' }, ...options }))!;
  return { paged, requests, fetchPage };
}
const titles = (rows: Notice[]) => rows.map((n) => n.title);

describe('a paged list', () => {
  it('loads page 1 at once, with the search in force, and shows its rows and the total', async () => {
    const { paged, requests } = list();
    expect(paged.loading.value).toBe(true);
    expect(requests.map((r) => [r.query, r.filter])).toEqual([[{ page: 1, pageSize: 20 }, { q: '' }]]);
    await requests[0].answer(['津卫医政〔2022〕1号', '津卫医政〔2022〕2号']);
    expect(titles(paged.items.value)).toEqual(['津卫医政〔2022〕1号', '津卫医政〔2022〕2号']);
    expect(paged.total.value).toBe(45);
    expect(paged.loading.value).toBe(false);
  });

  it('loads the page the pager picks', async () => {
    const { paged, requests } = list();
    await requests[0].answer(['第1页']);
    paged.page.value = 3;
    expect(requests[1].query).toEqual({ page: 3, pageSize: 20 });
    await requests[1].answer(['第3页']);
    expect(titles(paged.items.value)).toEqual(['第3页']);
  });

  it('starts a new search again at page 1, with the new search', async () => {
    const { paged, requests } = list();
    await requests[0].answer(['第1页']);
    paged.page.value = 2;
    await requests[1].answer(['第2页']);

    await Promise.all([paged.search({ q: '心血管' }), requests[2].answer(['心血管内科'], 1)]);
    expect(requests).toHaveLength(3);
    expect(requests[2].query).toEqual({ page: 1, pageSize: 20 });
    expect(requests[2].filter).toEqual({ q: '心血管' });
    expect(paged.page.value).toBe(1);
    expect(paged.filter.value).toEqual({ q: '心血管' });
    expect(titles(paged.items.value)).toEqual(['心血管内科']);
    expect(paged.total.value).toBe(1);

    // 下一页 keeps the search in force.
    paged.page.value = 2;
    expect(requests[3].filter).toEqual({ q: '心血管' });
  });

  it('reloads page 1 on a search made while already on page 1 (查询 twice asks twice)', async () => {
    const { paged, requests } = list();
    await requests[0].answer(['旧']);
    const searched = paged.search();
    expect(requests).toHaveLength(2);
    expect(requests[1].query.page).toBe(1);
    await requests[1].answer(['新']);
    await searched;
    expect(titles(paged.items.value)).toEqual(['新']);
  });

  it('does not let an earlier page answering late replace the page asked for after it', async () => {
    const { paged, requests } = list();
    await requests[0].answer(['第1页']);
    paged.page.value = 2;
    paged.page.value = 3;
    await requests[2].answer(['第3页']);
    expect(paged.loading.value).toBe(false);
    await requests[1].answer(['第2页']);
    expect(paged.page.value).toBe(3);
    expect(titles(paged.items.value)).toEqual(['第3页']);
  });

  it('does not let the page loaded before a search replace the search’s answer, and stays loading until that answer', async () => {
    const { paged, requests } = list();
    await requests[0].answer(['第1页']);
    paged.page.value = 2;
    void paged.search({ q: '康复' });
    await requests[1].answer(['第2页（旧查询）']);
    expect(paged.loading.value).toBe(true);
    expect(titles(paged.items.value)).toEqual(['第1页']);
    await requests[2].answer(['康复医学'], 1);
    expect(titles(paged.items.value)).toEqual(['康复医学']);
    expect(paged.total.value).toBe(1);
    expect(paged.loading.value).toBe(false);
  });

  it('keeps the rows shown when a load fails, stops loading, and passes the failure on', async () => {
    const { paged, requests } = list();
    await requests[0].answer(['第1页']);
    const failure = new Error('无法连接服务器，请检查网络后重试');
    const passedOn = expect(paged.reload()).rejects.toBe(failure);
    await requests[1].fail(failure);
    await passedOn;
    expect(titles(paged.items.value)).toEqual(['第1页']);
    expect(paged.loading.value).toBe(false);
  });

  it('waits for its search when told not to load at once', async () => {
    const { paged, requests } = list({ immediate: false });
    expect(requests).toHaveLength(0);
    expect(paged.loading.value).toBe(false);
    void paged.search({ q: '质控' });
    expect(requests.map((r) => r.filter)).toEqual([{ q: '质控' }]);
  });
});
