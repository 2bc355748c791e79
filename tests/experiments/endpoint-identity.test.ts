import { describe, expect, it } from 'vitest';
import { expandPlan, validateSpec } from '../../src/experiments';
import { withEndpoint, withoutEndpoint } from '../../src/experiments/endpoint-key';
import { endpointIdentity, normalizeBaseURL, SIMULATED_ENDPOINT } from '../../src/model';

const spec = validateSpec({ endpoint: 'gpt', models: ['gpt-4o-mini'], tasks: ['Write a poem.', 'Sort numbers.'], prompt: 'Rate {{task}} from {{min}} to {{max}}.', scale: { min: 1, max: 10 }, repetitions: 2 });
const keys = (s: typeof spec, baseURL: string) => expandPlan(s, { baseURL }).map((p) => p.key);

describe('a trial belongs to the endpoint that answered it', () => {
  it('gives the same design other keys on another base URL', () => {
    const openai = keys(spec, 'https://api.openai.com/v1');
    const local = keys(spec, 'http://127.0.0.1:8000/v1');
    const simulated = keys(spec, SIMULATED_ENDPOINT.baseURL);
    expect(openai).toHaveLength(4);
    for (const other of [local, simulated]) expect(other.filter((k) => openai.includes(k))).toEqual([]);
    // Everything but the endpoint is the same plan: same order, same conversation part.
    expect(local.map(withoutEndpoint)).toEqual(openai.map(withoutEndpoint));
  });

  it('keeps the keys when the endpoint is renamed but not when the same name points elsewhere', () => {
    const before = { gpt: 'https://api.openai.com/v1' };
    const renamed = { 'openai-main': 'https://api.openai.com/v1' };
    const moved = { gpt: 'https://openrouter.ai/api/v1' };
    const original = expandPlan(spec, endpointIdentity('gpt', before)).map((p) => p.key);
    expect(expandPlan({ ...spec, endpoint: 'openai-main' }, endpointIdentity('openai-main', renamed)).map((p) => p.key)).toEqual(original);
    expect(expandPlan(spec, endpointIdentity('gpt', moved)).map((p) => p.key).filter((k) => original.includes(k))).toEqual([]);
    // A name that resolves to nothing matches no endpoint's trials.
    expect(expandPlan(spec, endpointIdentity('gpt', {})).map((p) => p.key).filter((k) => original.includes(k))).toEqual([]);
  });

  it('normalises the base URL once: scheme and host case and trailing slashes do not make another endpoint', () => {
    expect(normalizeBaseURL(' HTTPS://API.OpenAI.com/v1/ ')).toBe('https://api.openai.com/v1');
    expect(normalizeBaseURL('http://LocalHost:8000/V1')).toBe('http://localhost:8000/V1');
    expect(keys(spec, 'HTTPS://API.OpenAI.com/v1/')).toEqual(keys(spec, 'https://api.openai.com/v1'));
    expect(keys(spec, 'https://api.openai.com/v2')).not.toEqual(keys(spec, 'https://api.openai.com/v1'));
  });

  it('makes the simulated participant’s parameters part of its trials’ identity, and only there', () => {
    const tuned = validateSpec({ ...spec, endpoint: 'simulated', simulation: { noise: 2 } });
    const plain = validateSpec({ ...spec, endpoint: 'simulated' });
    expect(keys(tuned, SIMULATED_ENDPOINT.baseURL)).not.toEqual(keys(plain, SIMULATED_ENDPOINT.baseURL));
    expect(keys(tuned, 'https://api.openai.com/v1')).toEqual(keys(plain, 'https://api.openai.com/v1'));
  });

  it('turns a key stored before endpoints were part of keys into the key the plan now has', () => {
    const openai = expandPlan(spec, { baseURL: 'https://api.openai.com/v1' });
    for (const p of openai) expect(withEndpoint(withoutEndpoint(p.key), 'https://api.openai.com/v1/')).toBe(p.key);
  });
});
