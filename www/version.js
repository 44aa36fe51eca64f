// This build's version: null in the repository (the development server, no service worker);
// `./build.sh dist` (tools/dist.mjs) writes the hash of the site's files here.
export const VERSION = null;
