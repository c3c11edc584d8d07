// A Markdown file imported as its text (Vite's `?raw`), for the test that holds the README's key tables to
// the key tables the code dispatches from.
declare module '*.md?raw' {
  const text: string;
  export default text;
}
