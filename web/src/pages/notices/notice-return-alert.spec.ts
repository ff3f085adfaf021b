import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { NoticeView } from '@/api/types';
import type { NoticeStep } from './NoticeHistory.vue';
import NoticeReturnAlert from './NoticeReturnAlert.vue';

// The leader's last return, as the notice's page and the 拟稿 editor show it above the draft.
enableAutoUnmount(afterEach);

const leader = { id: 'u-leader', username: 'leader', displayName: '分管领导' };
const step = (s: Partial<NoticeStep>): NoticeStep => ({
  at: '',
  event: 'SUBMIT_FOR_CHECK',
  label: '送核稿',
  from: 'draft',
  to: 'checking',
  actor: null,
  comment: null,
  ...s,
});
const SENT = step({ at: '2022-04-18T09:00:00+08:00', actor: { id: 'u-staff', username: 'staff', displayName: '医政医管处' } });
const SIGNING = step({ at: '2022-04-18T10:00:00+08:00', event: 'APPROVE_CHECK', label: '核稿通过', from: 'checking', to: 'signing', actor: leader });
const SIGN_RETURN = step({
  at: '2022-04-18T16:05:00+08:00',
  event: 'RETURN',
  label: '签发退回',
  from: 'signing',
  to: 'draft',
  actor: leader,
  comment: '第四项请写明联系人及联系电话',
});

function alertOf(steps: NoticeStep[], state: NoticeView['state'] = 'draft') {
  return mount(NoticeReturnAlert, { props: { steps, state, timeZone: 'Asia/Shanghai' } }).find('[role=alert]');
}

describe('the last return above a draft', () => {
  it('says who returned it, when in Beijing time, at which step, and their opinion', () => {
    const alert = alertOf([SENT, SIGNING, SIGN_RETURN]);
    expect(alert.exists()).toBe(true);
    expect(alert.text()).toContain('签发退回（分管领导，2022年4月18日（星期一）16:05）');
    expect(alert.text()).toContain('第四项请写明联系人及联系电话');
  });

  it('shows nothing once the draft went to 核稿 again, or before any return', () => {
    expect(alertOf([SENT, SIGNING, SIGN_RETURN, step({ ...SENT, at: '2022-04-19T09:00:00+08:00' })], 'checking').exists()).toBe(false);
    expect(alertOf([SENT, SIGNING], 'signing').exists()).toBe(false);
    expect(alertOf([]).exists()).toBe(false);
  });
});
