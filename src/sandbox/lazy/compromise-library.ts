// The entry of compromise's own bundle inside the sandbox's code, evaluated on first use (scripts/lazy-libraries.ts).
export { default } from 'compromise';
