// ECharts, from the WebJar, is about 1 MB: it is imported only after the first view's tables
// are painted, so the numbers never wait for it, and each chart fills its box once it is here.
// Charts are disposed when a view is left and follow the size of their box (phone and desktop
// alike). If the library cannot be loaded, each box says so and the tables still work.

const LIBRARY = '../webjars/echarts/5.3.1/dist/echarts.esm.min.js';
const live = new Set();
const observer = new ResizeObserver(() => live.forEach((c) => c.resize()));
let library = null;
let generation = 0;

export const FORWARD = '#2456c7';
export const BACK = '#c0392b';
export const STALL = '#9aa3b2';

/** The library, imported once; after a failure the next view asks for it again. */
function echarts() {
  if (!library) {
    library = new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
      .then(() => import(LIBRARY))
      .catch((error) => {
        library = null;
        throw error;
      });
  }
  return library;
}

/** Draws into the container once the library is here, unless the view was left in between. */
export function chart(container, option, label) {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', label);
  container.dataset.chart = 'pending';
  const drawn = generation;
  echarts().then((lib) => {
    if (drawn !== generation || !container.isConnected) return;
    const instance = lib.init(container, null, { renderer: 'canvas' });
    instance.setOption({ animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option });
    live.add(instance);
    observer.observe(container);
    container.dataset.chart = 'drawn';
  }, () => {
    if (drawn !== generation || !container.isConnected) return;
    container.dataset.chart = 'unavailable';
    container.classList.add('chart-unavailable');
    container.removeAttribute('role');
    container.textContent = 'Chart unavailable: the chart library did not load. The table has the same numbers.';
    window.dispatchEvent(new CustomEvent('charts-unavailable'));
  });
}

export function disposeAll() {
  generation++;
  live.forEach((c) => { observer.unobserve(c.getDom()); c.dispose(); });
  live.clear();
}
