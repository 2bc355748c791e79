import type { BatchProvider, Provider, ProviderConfig } from '../model';
import type * as openai from './openai';

type OpenAIModule = typeof openai;

let loading: Promise<OpenAIModule> | null = null;

/**
 * openai.ts with the `openai` SDK, loaded on the first call rather than with the page: the
 * notebook list never calls an endpoint, so the SDK stays out of its first script. A failed load
 * is tried again on the next call.
 */
export function loadOpenAI(): Promise<OpenAIModule> {
  loading ??= import('./openai').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** createOpenAIProvider, made on its first call once the SDK has loaded. */
export function createLazyOpenAIProvider(config: ProviderConfig): Provider {
  let provider: Provider | null = null;
  const get = async () => (provider ??= (await loadOpenAI()).createOpenAIProvider(config));
  return {
    chat: async (request) => (provider ?? (await get())).chat(request),
    listModels: async (signal) => (await get()).listModels(signal),
  };
}

/** createOpenAIBatchProvider, made on its first call once the SDK has loaded. */
export function createLazyOpenAIBatchProvider(config: ProviderConfig): BatchProvider {
  let provider: BatchProvider | null = null;
  const get = async () => (provider ??= (await loadOpenAI()).createOpenAIBatchProvider(config));
  return {
    uploadBatchFile: async (filename, jsonl) => (await get()).uploadBatchFile(filename, jsonl),
    createBatch: async (inputFileId, metadata) => (await get()).createBatch(inputFileId, metadata),
    retrieveBatch: async (id) => (await get()).retrieveBatch(id),
    cancelBatch: async (id) => (await get()).cancelBatch(id),
    fileContent: async (fileId) => (await get()).fileContent(fileId),
  };
}
