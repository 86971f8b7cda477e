// Scenario files imported as text (esbuild's text loader in the bundles, a require hook in tests).
declare module '*.offsets.yaml' {
  const text: string;
  export default text;
}
