// A small client for Perigee's HTTP API. Every failure becomes an ApiError with a readable message;
// callers show it in the page (nothing is left to throw uncaught).

/** An API or network failure. */
export class ApiError extends Error {
  constructor(status, message, parameter = null, limit = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.parameter = parameter;
    this.limit = limit;
  }

  /** One line for the page: status, parameter and message. */
  describe() {
    const where = this.parameter ? ` (parameter "${this.parameter}")` : "";
    const limit = this.limit ? `; limit: ${this.limit}` : "";
    const status = this.status ? `HTTP ${this.status}` : "network";
    return `${status}${where}: ${this.message}${limit}`;
  }
}

/**
 * GET a JSON resource relative to the page. `params` values may be arrays (repeated parameters);
 * null/undefined values are left out.
 */
export async function getJSON(path, params = {}) {
  const url = new URL(path, document.baseURI);
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
  }
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" } });
  } catch (error) {
    throw new ApiError(0, `could not reach the server (${error.message})`);
  }
  let text;
  try {
    text = await response.text();
  } catch (error) {
    throw new ApiError(response.status, `the response could not be read (${error.message})`);
  }
  let body = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      if (response.ok) throw new ApiError(response.status, `${url.pathname} did not answer JSON`);
    }
  }
  if (!response.ok) {
    const error = body && body.error;
    if (error) throw new ApiError(error.status ?? response.status, error.message ?? response.statusText, error.parameter ?? null, error.limit ?? null);
    const message = response.status === 404 ? `${url.pathname} is not available on this server` : (text.slice(0, 200) || response.statusText);
    throw new ApiError(response.status, message);
  }
  return body;
}

/** Turns any thrown value into a readable message. */
export function describeError(error) {
  if (error instanceof ApiError) return error.describe();
  return `unexpected error: ${error && error.message ? error.message : String(error)}`;
}
