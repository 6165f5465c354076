// The field view renders in the browser only: its HTML is the same empty shell for everyone
// (no user data), which the service worker may keep for starting offline. Its data comes from
// the JSON API and, offline, from the phone's IndexedDB.
export const ssr = false;
export const prerender = false;
