// Every call the dashboard makes goes through here, so errors read the same everywhere:
// a wrong key, a service that is down, a backfill that runs, or an endpoint this server lacks.

const KEY = 'touchpoint.key';
const ADMIN_KEY = 'touchpoint.adminKey';

export const keys = {
  read: () => sessionStorage.getItem(KEY),
  admin: () => sessionStorage.getItem(ADMIN_KEY),
  setRead: (k) => sessionStorage.setItem(KEY, k),
  setAdmin: (k) => sessionStorage.setItem(ADMIN_KEY, k),
  forget: () => { sessionStorage.removeItem(KEY); sessionStorage.removeItem(ADMIN_KEY); },
};

/** kind: auth | forbidden | down | backfill | missing | invalid | conflict | failed. */
export class ApiError extends Error {
  constructor(kind, status, message, problem) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.problem = problem || null;
  }
}

async function body(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try { return await response.json(); } catch (e) { return null; }
  }
  return await response.text();
}

/** Calls the API; resolves with the body for 2xx (202 backfill answers become an ApiError). */
export async function call(path, { method = 'GET', json, accept = 'application/json', admin = false } = {}) {
  // Admin calls fall back to the read key: the key the user signed in with may be the admin key.
  const key = admin ? (keys.admin() || keys.read()) : keys.read();
  const headers = { Accept: accept };
  if (key) headers.Authorization = 'Bearer ' + key;
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  } catch (e) {
    throw new ApiError('down', 0, 'The Touchpoint service cannot be reached (it may be down, or this device is offline).');
  }
  const data = await body(response);
  const problem = data && typeof data === 'object' && 'status' in data && 'title' in data ? data : null;
  const detail = problem && (problem.detail || problem.title);
  if (response.status === 202 && data && data.state) {
    const progress = Number(response.headers.get('Touchpoint-Backfill-Progress') ?? data.progress);
    const error = new ApiError('backfill', 202, 'This funnel\u2019s backfill is running (' + Math.round(progress * 100)
      + ' % done): its stored history is being attributed to its current rules. Results follow when it is done.');
    error.progress = progress;
    error.retryAfter = Number(response.headers.get('Retry-After') || 2);
    throw error;
  }
  if (response.ok) return data;
  const s = response.status;
  if (s === 401) throw new ApiError('auth', s, 'The key was refused: ' + (detail || 'not valid') + ' Enter the key again.', problem);
  if (s === 403) throw new ApiError('forbidden', s, detail || 'This key may not do that.', problem);
  if (s === 404) throw new ApiError('missing', s, detail || 'Not found.', problem);
  if (s === 409) throw new ApiError('conflict', s, detail || 'Conflict.', problem);
  if (s === 400 || s === 422) throw new ApiError('invalid', s, detail || 'The request was refused.', problem);
  if (s >= 500) throw new ApiError('down', s, 'The service answered ' + s + ': ' + (detail || 'it is unavailable right now')
    + '. Try again in a moment.', problem);
  throw new ApiError('failed', s, detail || ('The service answered ' + s + '.'), problem);
}

/** The query string of the shared controls plus a view's own parameters (empty ones left out). */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}

/** Fetches a view's CSV with the same parameters and hands it to the browser as a download. */
export async function downloadCsv(path, filename) {
  const text = await call(path, { accept: 'text/csv' });
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return text;
}
