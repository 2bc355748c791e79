import type { BatchProvider } from '../model';
import { redactKey } from './redact-key';

/**
 * The Batch API with the key replaced by `[API key]` in everything it returns or throws. Batch
 * results reach trials through `fileContent`, so an output file that echoes the key is redacted
 * before it is read, as live replies are (see withKeyRedaction).
 */
export function withBatchKeyRedaction(provider: BatchProvider, apiKey: string | null | undefined): BatchProvider {
  const redacted =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return redactKey(await call(...args), apiKey);
      } catch (error) {
        throw redactKey(error, apiKey);
      }
    };
  return {
    uploadBatchFile: redacted((filename: string, jsonl: string) => provider.uploadBatchFile(filename, jsonl)),
    createBatch: redacted((inputFileId: string, metadata?: Readonly<Record<string, string>>) => provider.createBatch(inputFileId, metadata)),
    retrieveBatch: redacted((id: string) => provider.retrieveBatch(id)),
    cancelBatch: redacted((id: string) => provider.cancelBatch(id)),
    fileContent: redacted((fileId: string) => provider.fileContent(fileId)),
  };
}
