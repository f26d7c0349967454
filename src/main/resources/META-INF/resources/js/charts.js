// ECharts, loaded as a classic script from the WebJar; charts are disposed when a view is left
// and follow the size of their box (phone and desktop alike).

const live = new Set();
const observer = new ResizeObserver(() => live.forEach((c) => c.resize()));

export const FORWARD = '#2456c7';
export const BACK = '#c0392b';
export const STALL = '#9aa3b2';

export function chart(container, option, label) {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', label);
  const instance = window.echarts.init(container, null, { renderer: 'canvas' });
  instance.setOption({ animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option });
  live.add(instance);
  observer.observe(container);
  return instance;
}

export function disposeAll() {
  live.forEach((c) => { observer.unobserve(c.getDom()); c.dispose(); });
  live.clear();
}
