/**
 * Starts the local OpenAI-compatible test server for trying the app without an API key:
 * `npx tsx tests/server/cli.ts [latencyMs]`, then add an endpoint with the printed URL.
 */
import { startTestServer } from './test-server';

const latencyMs = Number(process.argv[2] ?? 200);
const server = await startTestServer({ latencyMs, models: ['test-model', 'test-model-2'] });
console.log(`Test LLM server at ${server.url} (latency ${latencyMs} ms, no API key needed). Ctrl+C to stop.`);
