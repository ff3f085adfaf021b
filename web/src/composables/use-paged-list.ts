import { computed, ref, shallowRef, type Ref, type ShallowRef, type WritableComputedRef } from 'vue';

/** One page of a list as a page asks for it: the rows and how many there are in all. */
export interface ListPage {
  items: unknown[];
  total: number;
}

/** Where a request starts: sent as the query's `page` and `pageSize`. */
export interface PageQuery {
  page: number;
  pageSize: number;
}

export interface PagedListOptions<F> {
  pageSize: number;
  /** The search in force at first; `search(next)` replaces it. */
  filter?: F;
  /** Load page 1 at once (the default); a page that learns its filter later calls `search` itself. */
  immediate?: boolean;
}

export interface PagedList<R extends ListPage, F> {
  /** The page shown: setting it (the pager does) loads that page. */
  page: WritableComputedRef<number>;
  items: ShallowRef<R['items']>;
  total: Ref<number>;
  /** The whole last answer shown, for what a page reads beside its rows (the outbox's counts). */
  latest: ShallowRef<R | null>;
  loading: Ref<boolean>;
  /** The search the shown rows answer. */
  filter: Readonly<Ref<F>>;
  /** A new search starts again at page 1 (with `next` as the search in force, when given). */
  search: (...next: [] | [F]) => Promise<void>;
  /** The current page again, after a change made from the list (停用, 重发). */
  reload: () => Promise<void>;
}

/**
 * A paged list: the rows of one page, the total for the pager, and a search that
 * goes back to page 1. `fetchPage` is the typed call (`callPage('get', '/api/users', …)`),
 * so the rows keep the type the API contract gives them.
 *
 * Only the newest request is shown: pages clicked quickly, or a search made while
 * a page loads, answer out of order, and an older answer must not replace a newer one.
 */
export function usePagedList<R extends ListPage, F = undefined>(
  fetchPage: (query: PageQuery, filter: F) => Promise<R>,
  options: PagedListOptions<F>,
): PagedList<R, F> {
  const current = ref(1);
  const items = shallowRef([] as unknown[] as R['items']);
  const total = ref(0);
  const latest = shallowRef<R | null>(null) as ShallowRef<R | null>;
  const immediate = options.immediate ?? true;
  const loading = ref(immediate);
  const filter = shallowRef(options.filter as F);
  let newest = 0;

  async function load(): Promise<void> {
    const request = ++newest;
    loading.value = true;
    try {
      const result = await fetchPage({ page: current.value, pageSize: options.pageSize }, filter.value);
      // A later request was made meanwhile: its answer is the one to show.
      if (request !== newest) return;
      items.value = result.items;
      total.value = result.total;
      latest.value = result;
    } finally {
      if (request === newest) loading.value = false;
    }
  }

  const page = computed({
    get: () => current.value,
    set: (next: number) => {
      current.value = next;
      void load();
    },
  });

  function search(...next: [] | [F]): Promise<void> {
    if (next.length) filter.value = next[0];
    current.value = 1;
    return load();
  }

  if (immediate) void load();
  return { page, items, total, latest, loading, filter, search, reload: load };
}
