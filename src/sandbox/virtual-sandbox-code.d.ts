declare module 'virtual:sandbox-code' {
  /** The sandbox's bundled code (src/sandbox/sandbox-main.ts), see vite.config.ts. */
  const code: string;
  export default code;
}
