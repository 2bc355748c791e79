declare module 'virtual:sandbox-code' {
  /** The sandbox's bundled code (src/sandbox/sandbox-main.ts), see vite.config.ts. */
  const code: string;
  export default code;
}

declare module 'virtual:sandbox-relay-code' {
  /** The sandbox's relay frame (src/sandbox/relay-main.ts), see vite.config.ts. */
  const code: string;
  export default code;
}
