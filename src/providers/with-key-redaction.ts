import type { Provider } from '../model';
import { redactKey } from './redact-key';

/**
 * The provider with the key replaced by `[API key]` in everything it returns or throws: reply
 * text, model id and error messages. Every live reply passes here before it is cached or becomes
 * a trial, so an endpoint that echoes the key cannot put it into stored or exported data.
 */
export function withKeyRedaction(provider: Provider, apiKey: string | null | undefined): Provider {
  return {
    async chat(request) {
      try {
        return redactKey(await provider.chat(request), apiKey);
      } catch (error) {
        throw redactKey(error, apiKey);
      }
    },
    async listModels(signal) {
      try {
        return redactKey(await provider.listModels(signal), apiKey);
      } catch (error) {
        throw redactKey(error, apiKey);
      }
    },
  };
}
