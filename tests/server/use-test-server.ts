import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server';

/**
 * One local server for a test file: started before its tests, closed after them, and reset to
 * `eachTest` options before each test. The returned object stands for the running server.
 */
export function useTestServer(options: TestServerOptions, eachTest: Partial<TestServerOptions>): TestServer {
  let server: TestServer | null = null;
  beforeAll(async () => {
    server = await startTestServer(options);
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    server!.reset();
    server!.configure(eachTest);
  });
  return new Proxy({} as TestServer, {
    get(_target, key) {
      if (!server) throw new Error('The test server starts in beforeAll: use it inside a test');
      const value: unknown = Reflect.get(server, key);
      return typeof value === 'function' ? value.bind(server) : value;
    },
  });
}
