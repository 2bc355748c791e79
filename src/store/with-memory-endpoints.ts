import type { Endpoint, EndpointId, Store } from '../model';

/**
 * The store with endpoints, and so their keys, kept in this page's memory only: they are gone
 * when the page closes and never reach IndexedDB. For one-file copies: in Chromium every page
 * opened from `file://` shares one IndexedDB, so a key stored there could be read by any HTML
 * file the user opens from disk. Everything else is stored as usual.
 */
export function withMemoryEndpoints(store: Store): Store {
  const endpoints = new Map<EndpointId, Endpoint>();
  const own: Pick<Store, 'listEndpoints' | 'putEndpoint' | 'deleteEndpoint'> = {
    listEndpoints: () => Promise.resolve([...endpoints.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))),
    putEndpoint: (endpoint) => Promise.resolve(void endpoints.set(endpoint.id, endpoint)),
    deleteEndpoint: (id) => Promise.resolve(void endpoints.delete(id)),
  };
  // A proxy rather than a copy, so methods added to the Store port later pass through unchanged.
  return new Proxy(store, {
    get: (target, property, receiver) => (Object.hasOwn(own, property) ? own[property as keyof typeof own] : Reflect.get(target, property, receiver)),
  });
}
