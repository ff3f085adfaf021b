import { ref } from 'vue';
import { callPage } from '@/api/client';
import { session } from '@/api/session';

/** How many items wait in this person's 待办 (the server's count), shown beside their queue's entry; null until known. */
export const queueCount = ref<number | null>(null);

let asked = 0;

/** Asks the server again (after a page opens or an act): one item's page is enough to learn the total. */
export async function refreshQueueCount(): Promise<void> {
  const ask = ++asked;
  // A one-time password opens nothing but 修改密码: the server would refuse the question.
  if (!session.value || session.value.mustChangePassword) {
    queueCount.value = null;
    return;
  }
  try {
    const { total } = await callPage('get', '/api/inbox', { query: { box: 'todo', pageSize: 1 } }, { quiet: true });
    // Only the latest question's answer counts: an older one may come back after it.
    if (ask === asked) queueCount.value = total;
  } catch {
    // A hint beside the menu: the list itself says why it cannot be read when it is opened.
  }
}
