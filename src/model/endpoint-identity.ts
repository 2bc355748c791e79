/**
 * The base URL of an endpoint in the one form trial identity uses: scheme and host lower-case,
 * no trailing slash, surrounding space trimmed. `HTTPS://API.example.com/v1/` and
 * `https://api.example.com/v1` are the same endpoint; the path keeps its case (servers may
 * treat it so). A string that is not a URL is only trimmed and stripped of trailing slashes.
 */
export function normalizeBaseURL(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(trimmed);
  if (!match) return trimmed;
  const [, scheme, authority, rest] = match;
  return `${scheme.toLowerCase()}${authority.toLowerCase()}${rest}`;
}

/**
 * Which endpoint a plan is for: its normalised base URL. A trial belongs to the endpoint that
 * answered it, so plan keys carry this; a renamed endpoint keeps its trials, the same name
 * pointed at another URL does not. Resolved from the endpoint's name on the page.
 */
export interface EndpointIdentity {
  readonly baseURL: string;
}

/** Normalised base URL per endpoint name, as the page resolved the names a notebook gives. */
export type EndpointBaseURLs = Readonly<Record<string, string>>;

/**
 * The identity plans for the endpoint named `name` are expanded with. A name that resolves to
 * nothing gets an identity no stored trial has, so no trial is attributed to it by guess.
 */
export function endpointIdentity(name: string, baseURLs: EndpointBaseURLs): EndpointIdentity {
  return { baseURL: Object.hasOwn(baseURLs, name) ? baseURLs[name] : `unconfigured:${name}` };
}
