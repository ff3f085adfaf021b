import { onBeforeUnmount, ref, type Ref } from 'vue';

/**
 * The server's business time, as sent in each API answer's X-Server-Time header.
 * Countdowns run on it: the server decides what is late, not the browser's clock.
 */
let offsetMs = 0;

export function noteServerTime(header: string | null): void {
  const at = header ? Date.parse(header) : NaN;
  if (!Number.isNaN(at)) offsetMs = at - Date.now();
}

export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** The server's time, refreshed every `everyMs` while the component lives. */
export function useServerNow(everyMs = 30_000): Ref<number> {
  const now = ref(serverNow());
  const timer = setInterval(() => (now.value = serverNow()), everyMs);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
