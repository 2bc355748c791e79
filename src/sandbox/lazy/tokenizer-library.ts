// The entry of gpt-tokenizer's own bundle inside the sandbox's code, evaluated on first use (scripts/lazy-libraries.ts).
export { countTokens } from 'gpt-tokenizer';
