/**
 * What bench:web runs inside the page (as text: the benches compile without the DOM's types).
 *
 * From the document's start, when sessionStorage holds a `bench:watch` of
 * { rows?: selector, canvas?: true }, a requestAnimationFrame loop logs every
 * frame: its time (performance.now), how many elements match `rows`, and how
 * many drawing calls the page's 2D canvases had received (counted by wrapping
 * their fill/stroke/text/image methods: reading the pixels back each frame
 * cost as much as the drawing). A frame's rAF callback runs before that
 * frame is painted, so what a callback first sees is on screen by the next
 * callback: "painted" is the time of the frame after the one that first saw it.
 *
 * Always: each keydown's latency to the next paint (its platform timeStamp to a
 * message posted from the next rAF, which runs once that frame is drawn), and
 * the Event Timing API's entries of 16 ms or more with an interactionId.
 */
export const PROBE = `(() => {
  const bench = (window.__bench = { frames: [], keys: [], events: [], draws: 0 });
  const watch = JSON.parse(sessionStorage.getItem('bench:watch') || 'null');
  if (watch && watch.canvas) {
    const proto = CanvasRenderingContext2D.prototype;
    for (const name of ['fill', 'stroke', 'fillRect', 'fillText', 'strokeText', 'drawImage', 'clearRect']) {
      const original = proto[name];
      proto[name] = function (...args) {
        bench.draws++;
        return original.apply(this, args);
      };
    }
  }
  if (watch) {
    const loop = () => {
      const f = { t: performance.now() };
      if (watch.rows) f.rows = document.querySelectorAll(watch.rows).length;
      if (watch.canvas) f.draws = bench.draws;
      bench.frames.push(f);
      if (bench.frames.length < 4000) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  }
  addEventListener(
    'keydown',
    (e) => {
      const start = e.timeStamp;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => bench.keys.push(performance.now() - start);
        ch.port2.postMessage(0);
      });
    },
    true,
  );
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        if (e.interactionId) bench.events.push({ id: e.interactionId, name: e.name, duration: e.duration, processing: e.processingEnd - e.processingStart });
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  } catch {}
})();`;

export interface Frame {
  t: number;
  rows?: number;
  draws?: number;
}

export interface ResourceTiming {
  name: string;
  startTime: number;
  responseEnd: number;
}

/** The script that reads the page's resource timings whose URL contains `part`. */
export const resourcesMatching = (part: string): string =>
  `performance.getEntriesByType('resource').filter((e) => e.name.includes(${JSON.stringify(part)})).map((e) => ({ name: e.name, startTime: e.startTime, responseEnd: e.responseEnd }))`;

/** When at least `count` rows were first painted: the frame after the first that saw them (undefined: never). */
export function rowsPainted(frames: Frame[], count: number): number | undefined {
  const k = frames.findIndex((f) => (f.rows ?? 0) >= count);
  return k < 0 ? undefined : (frames[k + 1] ?? frames[k]).t;
}

/**
 * The canvases after `since`: when they were first drawn on (the data drawn) and when last
 * (any animation over), each as the time of the frame after the one that saw the drawing.
 */
export function canvasPainted(frames: Frame[], since: number): { first?: number; settled?: number } {
  let last = frames.filter((f) => f.t <= since).at(-1)?.draws ?? 0;
  let first: number | undefined;
  let settled: number | undefined;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    if (f.t <= since || f.draws === undefined || f.draws === last) continue;
    const painted = (frames[i + 1] ?? f).t;
    first ??= painted;
    settled = painted;
    last = f.draws;
  }
  return { first, settled };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
