// Vite's `?url` imports give the built asset's URL.
declare module '*?url' {
  const url: string;
  export default url;
}
